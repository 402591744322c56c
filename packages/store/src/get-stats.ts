import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';
import { EVENT_STATUSES, EventStatus } from './event-types';
import type { AttemptOutcome } from './record-attempt';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Attempt outcomes the per-minute series counts (in this order). */
export const SERIES_OUTCOMES: readonly AttemptOutcome[] = ['success', 'ignored', 'retry', 'deferred', 'failed', 'lost', 'released'];

/** Counts over a recent window. */
export interface WindowCounts {
  received: number;
  succeeded: number;
  failed: number;
}

/**
 * One minute of the last hour: events received and attempts finished (by outcome) during it, and the backlog at its end
 * (events received but not finished then, and how long the oldest of them had been waiting).
 */
export type MinuteCounts = { minute: number; received: number; backlog: number; oldestBacklogAgeSeconds: number | null } & Record<AttemptOutcome, number>;

/** Most events read to draw the backlog line (protects memory on a huge backlog; the line is then a lower bound). */
const MAX_BACKLOG_ROWS = 200_000;

/** The queue at a glance (what `GET /api/stats`, the overview and `ghl-payments stats` show). */
export interface QueueStats {
  now: number;
  byStatus: Record<EventStatus, number>;
  byType: Record<string, number>;
  /** Pending events already due (not waiting for a retry time). */
  dueNow: number;
  /** Age of the oldest pending event (since it was received), in seconds; null when nothing is pending. */
  oldestPendingAgeSeconds: number | null;
  lastHour: WindowCounts;
  lastDay: WindowCounts;
  /** Sixty one-minute buckets, oldest first; the last is the current (partial) minute. */
  perMinute: MinuteCounts[];
  /**
   * Pending events waiting because an upstream's credentials are missing or refused, by service (`mercadopago`,
   * `ghl`); only services with at least one such event appear.
   */
  waitingForCredentials: Record<string, number>;
}

/** The `waiting_reason` prefix of events that wait for an upstream's credentials (`credentials:<service>`). */
export const CREDENTIALS_WAIT_PREFIX = 'credentials:';

const count = (row: Record<string, unknown> | undefined): number => Number(row?.n ?? 0);

/** `webhook_events`, narrowed to one account when one is given. */
const eventsOf = (db: Driver, account: string | undefined) => {
  const query = db.knex('webhook_events');
  return account === undefined ? query : query.where('account', account);
};

async function countWindow(db: Driver, from: number, account?: string): Promise<WindowCounts> {
  const [received, succeeded, failed] = await Promise.all([
    eventsOf(db, account).where('received_at', '>=', from).count({ n: '*' }).first(),
    eventsOf(db, account).where('status', 'success').andWhere('processed_at', '>=', from).count({ n: '*' }).first(),
    eventsOf(db, account).where('status', 'failed').andWhere('processed_at', '>=', from).count({ n: '*' }).first(),
  ]);
  return { received: count(received), succeeded: count(succeeded), failed: count(failed) };
}

async function perMinuteSeries(db: Driver, now: number, account?: string): Promise<MinuteCounts[]> {
  const start = Math.floor(now / MINUTE_MS) * MINUTE_MS - 59 * MINUTE_MS;
  const buckets: MinuteCounts[] = Array.from({ length: 60 }, (_, i) => {
    const bucket = { minute: start + i * MINUTE_MS, received: 0, backlog: 0, oldestBacklogAgeSeconds: null } as MinuteCounts;
    for (const outcome of SERIES_OUTCOMES) bucket[outcome] = 0;
    return bucket;
  });
  // one account's events only: a bound condition (attempts have no account: theirs is their event's)
  const ofEvents = account === undefined ? '' : ' AND account = ?';
  const ofAttempts = account === undefined ? '' : ' AND event_id IN (SELECT id FROM webhook_events WHERE account = ?)';
  const bound: string[] = account === undefined ? [] : [account];
  const [received, attempts, waiting] = await Promise.all([
    db.knex.raw(
      `SELECT (received_at - ?) / ${MINUTE_MS} AS bucket, COUNT(*) AS n FROM webhook_events
        WHERE received_at >= ? AND received_at <= ?${ofEvents} GROUP BY 1`,
      [start, start, now, ...bound],
    ),
    db.knex.raw(
      `SELECT (finished_at - ?) / ${MINUTE_MS} AS bucket, outcome, COUNT(*) AS n FROM webhook_attempts
        WHERE finished_at >= ? AND finished_at <= ?${ofAttempts} GROUP BY 1, 2`,
      [start, start, now, ...bound],
    ),
    // Every event that can have been waiting during the window: received in it or the hour before, or unfinished now.
    eventsOf(db, account).select('received_at', 'processed_at')
      .where('received_at', '>', start - HOUR_MS).andWhere('received_at', '<=', now)
      .unionAll((q) => {
        q.select('received_at', 'processed_at').from('webhook_events').whereIn('status', ['pending', 'processing']).andWhere('received_at', '<=', start - HOUR_MS);
        if (account !== undefined) q.andWhere('account', account);
      })
      .limit(MAX_BACKLOG_ROWS),
  ]);
  fillBacklog(buckets, waiting as Array<Record<string, unknown>>, now);
  for (const r of rowsOf(received)) {
    const bucket = buckets[Math.floor(Number(r.bucket))];
    if (bucket) bucket.received += Number(r.n);
  }
  for (const r of rowsOf(attempts)) {
    const bucket = buckets[Math.floor(Number(r.bucket))];
    const outcome = r.outcome as AttemptOutcome;
    if (bucket && SERIES_OUTCOMES.includes(outcome)) bucket[outcome] += Number(r.n);
  }
  return buckets;
}

/**
 * The backlog at the end of each minute: events received by then and not finished by then (processed_at is when an
 * event ended success, ignored or failed), and the age of the oldest of them.
 */
function fillBacklog(buckets: MinuteCounts[], rows: Array<Record<string, unknown>>, now: number): void {
  const events = rows.map((r) => ({ received: Number(r.received_at), processed: r.processed_at === null ? null : Number(r.processed_at) }))
    .sort((a, b) => a.received - b.received);
  for (const bucket of buckets) {
    const at = Math.min(now, bucket.minute + MINUTE_MS);
    let count = 0;
    let oldest: number | null = null;
    for (const e of events) {
      if (e.received > at) break;
      if (e.processed === null || e.processed > at) {
        count += 1;
        oldest ??= e.received;
      }
    }
    bucket.backlog = count;
    bucket.oldestBacklogAgeSeconds = oldest === null ? null : Math.max(0, Math.floor((at - oldest) / 1000));
  }
}

/**
 * Counts by status and type, backlog age, recent throughput and a per-minute series for the last hour; of one account's
 * events when `account` is given, of every event otherwise.
 */
export async function getStats(db: Driver, now: number, account?: string): Promise<QueueStats> {
  const [statusRows, typeRows, oldest, due, lastHour, lastDay, perMinute, waitingRows] = await Promise.all([
    eventsOf(db, account).select('status').count({ n: '*' }).groupBy('status'),
    eventsOf(db, account).select('topic').count({ n: '*' }).groupBy('topic').orderBy('topic'),
    eventsOf(db, account).where('status', 'pending').min({ t: 'received_at' }).first(),
    eventsOf(db, account).where('status', 'pending').andWhere('next_retry_at', '<=', now).count({ n: '*' }).first(),
    countWindow(db, now - HOUR_MS, account),
    countWindow(db, now - DAY_MS, account),
    perMinuteSeries(db, now, account),
    eventsOf(db, account).select('waiting_reason').count({ n: '*' }).where('status', 'pending')
      .andWhere('waiting_reason', 'like', `${CREDENTIALS_WAIT_PREFIX}%`).groupBy('waiting_reason'),
  ]);
  const byStatus = Object.fromEntries(EVENT_STATUSES.map((s) => [s, 0])) as Record<EventStatus, number>;
  for (const r of statusRows as Array<Record<string, unknown>>) byStatus[r.status as EventStatus] = Number(r.n);
  const byType: Record<string, number> = {};
  for (const r of typeRows as Array<Record<string, unknown>>) byType[String(r.topic)] = Number(r.n);
  const waitingForCredentials: Record<string, number> = {};
  for (const r of waitingRows as Array<Record<string, unknown>>) {
    const service = String(r.waiting_reason).slice(CREDENTIALS_WAIT_PREFIX.length);
    waitingForCredentials[service] = (waitingForCredentials[service] ?? 0) + Number(r.n);
  }
  const oldestAt = oldest?.t === null || oldest?.t === undefined ? null : Number(oldest.t);
  return {
    now,
    byStatus,
    byType,
    dueNow: count(due),
    oldestPendingAgeSeconds: oldestAt === null ? null : Math.max(0, Math.floor((now - oldestAt) / 1000)),
    lastHour,
    lastDay,
    perMinute,
    waitingForCredentials,
  };
}
