import type { Database } from './database';

export interface TagReservationKey {
  mpPaymentId: string;
  paymentStatus: string;
}

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
  const inserted = await db.knex('payment_tags').insert({
    mp_payment_id: r.mpPaymentId,
    payment_status: r.paymentStatus,
    tags: JSON.stringify(r.tags),
    contact_id: r.contactId,
    state: 'applying',
    event_id: r.eventId,
    lease_expires_at: r.now + r.leaseMs,
    created_at: r.now,
  }).onConflict(['mp_payment_id', 'payment_status']).ignore().returning('id');
  if (inserted.length > 0) return { state: 'reserved' };

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
  await db.knex('payment_tags')
    .where({ mp_payment_id: key.mpPaymentId, payment_status: key.paymentStatus })
    .update({ state: 'applied', applied_at: now, lease_expires_at: null });
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
