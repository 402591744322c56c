import type { Driver } from './drivers/driver';
import { toWebhookEvent, WebhookEvent } from './event-types';
import type { AttemptOutcome } from './record-attempt';

/** One processing attempt, as the history shows it. */
export interface EventAttempt {
  attempt: number;
  worker: string | null;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  outcome: AttemptOutcome;
  error: string | null;
}

/** An event with everything kept about it: the request and the attempt history. */
export type EventDetail = WebhookEvent & { mpPaymentId: string | null; history: EventAttempt[] };

/** The attempts of one event, oldest first. */
export async function listEventAttempts(db: Driver, eventId: number): Promise<EventAttempt[]> {
  const rows = await db.knex('webhook_attempts').where('event_id', eventId).orderBy([{ column: 'started_at' }, { column: 'id' }]);
  return rows.map(toEventAttempt);
}

/** A `webhook_attempts` row as the operations return it. */
export function toEventAttempt(r: Record<string, unknown>): EventAttempt {
  return {
    attempt: Number(r.attempt),
    worker: (r.worker as string | null) ?? null,
    startedAt: Number(r.started_at),
    finishedAt: Number(r.finished_at),
    durationMs: Number(r.duration_ms),
    outcome: r.outcome as AttemptOutcome,
    error: (r.error as string | null) ?? null,
  };
}

/** One event with its payload, kept headers and attempt history; null when there is no such id. */
export async function getEvent(db: Driver, id: number): Promise<EventDetail | null> {
  const row = await db.knex({ e: 'webhook_events' }).leftJoin({ p: 'payments' }, 'p.id', 'e.payment_id')
    .where('e.id', id).first('e.*', 'p.mp_payment_id as linked_mp_payment_id');
  if (!row) return null;
  const event = toWebhookEvent(row);
  const linked = row.linked_mp_payment_id;
  const mpPaymentId = linked !== null && linked !== undefined ? String(linked) : event.topic === 'payment' ? event.resourceId : null;
  return { ...event, mpPaymentId, history: await listEventAttempts(db, id) };
}
