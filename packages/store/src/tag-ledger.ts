import type { Database } from './database';
import { queryPrepared, runPrepared } from './prepared-statement';

export interface TagReservationKey {
  mpPaymentId: string;
  paymentStatus: string;
}

/** The first insert wins the right to tag (prepared: the worker runs it for every tagged payment). */
const RESERVE_SQL = `INSERT INTO payment_tags (mp_payment_id, payment_status, tags, contact_id, state, event_id, lease_expires_at, created_at)
  VALUES (?, ?, ?, ?, 'applying', ?, ?, ?) ON CONFLICT (mp_payment_id, payment_status) DO NOTHING RETURNING id`;

export type ReserveResult =
  | { state: 'reserved' }
  | { state: 'already-applied'; appliedAt: number }
  | { state: 'busy'; until: number };

/**
 * Claims the right to tag one payment for one status. The unique (mp_payment_id, payment_status) row is the
 * database-enforced "tag once" guarantee across all workers: the first to insert it calls GHL; others see it.
 * A reservation whose holder died (lease expired) can be taken over.
 */
export async function reserveTags(
  db: Database,
  r: TagReservationKey & { tags: readonly string[]; contactId: string; eventId: number; leaseMs: number; now: number },
): Promise<ReserveResult> {
  const inserted = await queryPrepared(db, 'ghlp_reserve_tags', RESERVE_SQL, [
    r.mpPaymentId, r.paymentStatus, JSON.stringify(r.tags), r.contactId, r.eventId, r.now + r.leaseMs, r.now,
  ]);
  if (inserted) return { state: 'reserved' };

  const taken = await db.knex('payment_tags')
    .where({ mp_payment_id: r.mpPaymentId, payment_status: r.paymentStatus, state: 'applying' })
    .andWhere('lease_expires_at', '<', r.now)
    .update({ event_id: r.eventId, lease_expires_at: r.now + r.leaseMs, tags: JSON.stringify(r.tags), contact_id: r.contactId });
  if (Number(taken) === 1) return { state: 'reserved' };

  const row = await db.knex('payment_tags').where({ mp_payment_id: r.mpPaymentId, payment_status: r.paymentStatus }).first();
  if (!row) return reserveTags(db, r); // released between our statements: try again
  if (row.state === 'applied') return { state: 'already-applied', appliedAt: Number(row.applied_at) };
  return { state: 'busy', until: Number(row.lease_expires_at) };
}

/** Marks the reservation done after GHL accepted the tags. */
export async function markTagsApplied(db: Database, key: TagReservationKey, now: number): Promise<void> {
  await runPrepared(db, 'ghlp_mark_tags_applied',
    `UPDATE payment_tags SET state = 'applied', applied_at = ?, lease_expires_at = NULL WHERE mp_payment_id = ? AND payment_status = ?`,
    [now, key.mpPaymentId, key.paymentStatus]);
}

/** Gives the reservation back after a failed GHL call, so a later attempt can tag. */
export async function releaseTagReservation(db: Database, key: TagReservationKey, eventId: number): Promise<void> {
  await db.knex('payment_tags')
    .where({ mp_payment_id: key.mpPaymentId, payment_status: key.paymentStatus, state: 'applying', event_id: eventId })
    .delete();
}

/** Extends a reservation while the GHL call is in flight (same lease as the event). */
export async function renewTagReservation(db: Database, key: TagReservationKey, eventId: number, leaseMs: number, now: number): Promise<void> {
  await db.knex('payment_tags')
    .where({ mp_payment_id: key.mpPaymentId, payment_status: key.paymentStatus, state: 'applying', event_id: eventId })
    .update({ lease_expires_at: now + leaseMs });
}

export interface AppliedTags {
  mpPaymentId: string;
  paymentStatus: string;
  tags: string[];
  contactId: string;
  state: string;
  eventId: number | null;
  appliedAt: number | null;
}

/** The tag ledger of one MercadoPago payment. */
export async function listPaymentTags(db: Database, mpPaymentId: string): Promise<AppliedTags[]> {
  const rows = await db.knex('payment_tags').where('mp_payment_id', mpPaymentId).orderBy('id');
  return rows.map((row: Record<string, unknown>) => ({
    mpPaymentId: String(row.mp_payment_id),
    paymentStatus: String(row.payment_status),
    tags: JSON.parse(String(row.tags)) as string[],
    contactId: String(row.contact_id),
    state: String(row.state),
    eventId: row.event_id === null ? null : Number(row.event_id),
    appliedAt: row.applied_at === null ? null : Number(row.applied_at),
  }));
}
