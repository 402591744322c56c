import type { Driver } from './drivers/driver';

/**
 * Asking for the right to send one alert: `key` names what is throttled (a kind, or a kind and its subject, e.g.
 * `credentials-rejected:ghl`); the right is granted when the key was never sent or last sent at or before
 * `notSentSince` (e.g. `now - 1 hour` for the hourly throttle, or the day's digest time for the digest).
 */
export interface AlertClaimRequest {
  key: string;
  now: number;
  notSentSince: number;
}

/**
 * What a claim got: `sent: true` for exactly one caller, with how many alerts of the key were held back since the
 * previous send (and when that was); otherwise `sent: false`, and the alert is counted as held back.
 */
export type AlertClaim =
  | { sent: true; suppressed: number; previousSentAt: number | null }
  | { sent: false; suppressed: number };

/** One key's throttle state as stored. */
export interface AlertState {
  key: string;
  lastSentAt: number | null;
  suppressed: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Claims the right to send (see AlertClaimRequest) with one conditional UPDATE, so among any number of workers and
 * receivers exactly one gets it per period; the others add one to the held-back count, which the next granted claim
 * returns and resets. The UPDATE reads the old values on its right-hand side (SQLite and PostgreSQL alike), which is
 * how the granted claim learns the count it resets.
 */
export async function claimAlert(db: Driver, request: AlertClaimRequest): Promise<AlertClaim> {
  const { key, now, notSentSince } = request;
  await db.knex('alert_state').insert({ alert_key: key, suppressed: 0, reported_suppressed: 0, updated_at: now }).onConflict('alert_key').ignore();
  const granted = await db.knex('alert_state')
    .where('alert_key', key)
    .andWhere((q) => { q.whereNull('last_sent_at').orWhere('last_sent_at', '<=', notSentSince); })
    .update({
      previous_sent_at: db.knex.ref('last_sent_at'),
      reported_suppressed: db.knex.ref('suppressed'),
      last_sent_at: now,
      suppressed: 0,
      updated_at: now,
    })
    .returning(['previous_sent_at', 'reported_suppressed']) as Array<Record<string, unknown>>;
  if (granted[0]) return { sent: true, suppressed: Number(granted[0].reported_suppressed), previousSentAt: num(granted[0].previous_sent_at) };
  const held = await db.knex('alert_state')
    .where('alert_key', key)
    .update({ suppressed: db.knex.raw('suppressed + 1'), updated_at: now })
    .returning(['suppressed']) as Array<Record<string, unknown>>;
  return { sent: false, suppressed: Number(held[0]?.suppressed ?? 0) };
}

/** A key's state, or null when it was never claimed. */
export async function readAlertState(db: Driver, key: string): Promise<AlertState | null> {
  const row = await db.knex('alert_state').where('alert_key', key).first() as Record<string, unknown> | undefined;
  if (!row) return null;
  return { key: String(row.alert_key), lastSentAt: num(row.last_sent_at), suppressed: Number(row.suppressed) };
}
