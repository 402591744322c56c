import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';

/** One status a payment or subscription entered, and which time it was (its round). */
export interface StatusChange {
  subject: string;
  status: string;
  round: number;
  previousStatus: string | null;
  eventId: number | null;
  changedAt: number;
}

const NEXT_ROUND_SQL = `INSERT INTO status_changes (subject, status, round, previous_status, event_id, changed_at)
  SELECT ?, ?, COALESCE(MAX(round), 0) + 1, ?, ?, ? FROM status_changes WHERE subject = ? AND status = ?
  ON CONFLICT (subject, status, round) DO NOTHING`;
const CURRENT_ROUND_SQL = 'SELECT MAX(round) AS round FROM status_changes WHERE subject = ? AND status = ?';

/**
 * Records, inside the caller's transaction, that `subject` entered `status` when it was stored in another (or in
 * none), and returns the status's round: 1 the first time, one more each time the status comes back. When the status
 * did not change, the current round (1 for a subject recorded before rounds were kept). Two writers recording the same
 * change at once compute the same round: the second insert does nothing.
 */
export async function enterStatusOn(
  trx: Knex, change: { subject: string; status: string; previousStatus: string | null; eventId: number | null; now: number },
): Promise<number> {
  if (change.previousStatus !== change.status) {
    await trx.raw(NEXT_ROUND_SQL, [change.subject, change.status, change.previousStatus, change.eventId, change.now, change.subject, change.status]);
  }
  const [row] = rowsOf(await trx.raw(CURRENT_ROUND_SQL, [change.subject, change.status]));
  return row?.round === null || row?.round === undefined ? 1 : Number(row.round);
}

/** The statuses a subject went through, oldest first. */
export async function listStatusChanges(db: Driver, subject: string): Promise<StatusChange[]> {
  const rows = await db.knex('status_changes').where('subject', subject).orderBy('id');
  return rows.map((row: Record<string, unknown>) => ({
    subject: String(row.subject),
    status: String(row.status),
    round: Number(row.round),
    previousStatus: row.previous_status === null ? null : String(row.previous_status),
    eventId: row.event_id === null ? null : Number(row.event_id),
    changedAt: Number(row.changed_at),
  }));
}

/** The subject key of a MercadoPago payment. */
export function paymentSubject(mpPaymentId: string): string {
  return `payment:${mpPaymentId}`;
}
