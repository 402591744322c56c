import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';
import type { TagReservation } from './store';

export interface TagReservationKey {
  mpPaymentId: string;
  paymentStatus: string;
}

export type ReserveResult =
  | { state: 'reserved' }
  | { state: 'already-applied'; appliedAt: number }
  | { state: 'busy'; until: number };

/** The first insert wins the right to tag. */
const RESERVE_SQL = `INSERT INTO payment_tags (mp_payment_id, payment_status, tags, contact_id, state, event_id, lease_expires_at, created_at)
  VALUES (?, ?, ?, ?, 'applying', ?, ?, ?) ON CONFLICT (mp_payment_id, payment_status) DO NOTHING RETURNING id`;
const MARK_APPLIED_SQL = `UPDATE payment_tags SET state = 'applied', applied_at = ?, lease_expires_at = NULL
  WHERE mp_payment_id = ? AND payment_status = ?`;

/** How often reserveTags goes round when the row it conflicted with disappears before it can read it. */
const RESERVE_ROUNDS = 3;

/**
 * Claims the right to tag one payment for one status. The unique (mp_payment_id, payment_status) row is the
 * database-enforced "tag once" guarantee across all workers: the first to insert it calls GHL; others see it.
 * A reservation whose holder died (lease expired) can be taken over. A row released by its holder between these
 * statements makes it try again, a few times; after that it answers `busy` for now (the caller waits and retries).
 */
export function reserveTags(db: Driver, r: TagReservation): Promise<ReserveResult> {
  return reserveTagsOn(db.knex, r);
}

/** reserveTags on the given connection or transaction. */
export async function reserveTagsOn(knex: Knex, r: TagReservation): Promise<ReserveResult> {
  const key = { mp_payment_id: r.mpPaymentId, payment_status: r.paymentStatus };
  for (let round = 0; round < RESERVE_ROUNDS; round += 1) {
    const inserted = rowsOf(await knex.raw(RESERVE_SQL, [
      r.mpPaymentId, r.paymentStatus, JSON.stringify(r.tags), r.contactId, r.eventId, r.now + r.leaseMs, r.now,
    ]));
    if (inserted.length === 1) return { state: 'reserved' };

    const taken = await knex('payment_tags')
      .where({ ...key, state: 'applying' })
      .andWhere('lease_expires_at', '<', r.now)
      .update({ event_id: r.eventId, lease_expires_at: r.now + r.leaseMs, tags: JSON.stringify(r.tags), contact_id: r.contactId });
    if (Number(taken) === 1) return { state: 'reserved' };

    const row = await knex('payment_tags').where(key).first();
    if (row?.state === 'applied') return { state: 'already-applied', appliedAt: Number(row.applied_at) };
    if (row) return { state: 'busy', until: Number(row.lease_expires_at) };
  }
  return { state: 'busy', until: r.now };
}

/** Marks the reservation done after GHL accepted the tags. */
export function markTagsApplied(db: Driver, key: TagReservationKey, now: number): Promise<void> {
  return markTagsAppliedOn(db.knex, key, now);
}

/** markTagsApplied on the given connection or transaction. */
export async function markTagsAppliedOn(knex: Knex, key: TagReservationKey, now: number): Promise<void> {
  await knex.raw(MARK_APPLIED_SQL, [now, key.mpPaymentId, key.paymentStatus]);
}

/** Gives the reservation back after a failed GHL call, so a later attempt can tag. */
export async function releaseTagReservation(db: Driver, key: TagReservationKey, eventId: number): Promise<void> {
  await db.knex('payment_tags')
    .where({ mp_payment_id: key.mpPaymentId, payment_status: key.paymentStatus, state: 'applying', event_id: eventId })
    .delete();
}

/** Extends a reservation while the GHL call is in flight (same lease as the event). */
export async function renewTagReservation(db: Driver, key: TagReservationKey, eventId: number, leaseMs: number, now: number): Promise<void> {
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
export async function listPaymentTags(db: Driver, mpPaymentId: string): Promise<AppliedTags[]> {
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
