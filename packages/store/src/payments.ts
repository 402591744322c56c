import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import type { PaymentWithReservation, TagReservation } from './store';
import { reserveTagsOn } from './tag-ledger';

/** The fields of a MercadoPago payment that the product keeps. */
export interface PaymentRecord {
  mpPaymentId: string;
  status: string;
  statusDetail: string | null;
  amount: number | null;
  currency: string | null;
  description: string | null;
  externalReference: string | null;
  payerEmail: string | null;
  dateCreated: string | null;
  dateApproved: string | null;
  dateLastUpdated: string | null;
  raw: string;
  /** The GHL contact, when already known (e.g. from the payment's metadata); a stored one is kept when absent. */
  ghlContactId?: string | null;
}

export interface Payment {
  id: number;
  mpPaymentId: string | null;
  externalReference: string | null;
  ghlContactId: string | null;
  status: string | null;
  statusDetail: string | null;
  amount: number | null;
  currency: string | null;
  description: string | null;
  payerEmail: string | null;
  dateCreated: string | null;
  dateApproved: string | null;
  dateLastUpdated: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Every payments column but the raw MercadoPago JSON. */
export const PAYMENT_COLUMNS = [
  'id', 'mp_payment_id', 'external_reference', 'ghl_contact_id', 'status', 'status_detail', 'amount', 'currency', 'description',
  'payer_email', 'date_created', 'date_approved', 'date_last_updated', 'created_at', 'updated_at',
];

/** Maps a payments row to a Payment (raw JSON left out). */
export function toPayment(row: Record<string, unknown>): Payment {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    mpPaymentId: str(row.mp_payment_id),
    externalReference: str(row.external_reference),
    ghlContactId: str(row.ghl_contact_id),
    status: str(row.status),
    statusDetail: str(row.status_detail),
    amount: row.amount === null || row.amount === undefined ? null : Number(row.amount),
    currency: str(row.currency),
    description: str(row.description),
    payerEmail: str(row.payer_email),
    dateCreated: str(row.date_created),
    dateApproved: str(row.date_approved),
    dateLastUpdated: str(row.date_last_updated),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toColumns(p: PaymentRecord, now: number) {
  return {
    mp_payment_id: p.mpPaymentId,
    status: p.status,
    status_detail: p.statusDetail,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    external_reference: p.externalReference,
    payer_email: p.payerEmail,
    date_created: p.dateCreated,
    date_approved: p.dateApproved,
    date_last_updated: p.dateLastUpdated,
    raw: p.raw,
    updated_at: now,
  };
}

/**
 * A payment registered in advance (same external reference, no MercadoPago id yet) takes the MercadoPago id, unless
 * the payment is already stored under it; the upsert that follows then updates that row instead of inserting one.
 * With several writers (PostgreSQL) another worker may store this MercadoPago id between the check and the update: the
 * update then runs in a savepoint, so its unique violation does not abort the transaction (the upsert updates that
 * row). With a single writer (SQLite) the check cannot race.
 */
async function completeExpectedPayment(db: Driver, trx: Knex.Transaction, record: PaymentRecord, now: number): Promise<void> {
  const update = (knex: Knex) => knex('payments')
    .where('id', knex('payments').select('id').whereNull('mp_payment_id').andWhere('external_reference', record.externalReference)
      .orderBy('id', 'asc').limit(1))
    .whereNotExists(knex('payments as stored').select(knex.raw('1')).where('stored.mp_payment_id', record.mpPaymentId))
    .update({ ...toColumns(record, now), ghl_contact_id: knex.raw('COALESCE(?, ghl_contact_id)', [record.ghlContactId ?? null]) });
  if (db.singleWriter) {
    await update(trx);
    return;
  }
  try {
    await trx.transaction((savepoint) => update(savepoint));
  } catch (err) {
    if (!db.isUniqueViolation(err)) throw err;
  }
}

/**
 * Records what MercadoPago says about a payment, in one transaction: a payment registered in advance with the same
 * external reference is completed rather than duplicated, then the payment is inserted or updated (everything but the
 * MercadoPago id and created_at; the contact only when a new one is given). Returns the stored payment.
 */
export function recordPayment(db: Driver, record: PaymentRecord, now: number): Promise<Payment> {
  return db.knex.transaction((trx) => recordPaymentOn(db, trx, record, now));
}

/**
 * recordPayment and, in the same transaction, the reservation of its status's tags (reserveTags), so the payment and
 * the right to tag it are committed together: what the worker does when the payment names its contact.
 */
export function recordPaymentAndReserveTags(db: Driver, record: PaymentRecord, reservation: TagReservation): Promise<PaymentWithReservation> {
  return db.knex.transaction(async (trx) => {
    const payment = await recordPaymentOn(db, trx, record, reservation.now);
    return { payment, reservation: await reserveTagsOn(trx, reservation) };
  });
}

async function recordPaymentOn(db: Driver, trx: Knex.Transaction, record: PaymentRecord, now: number): Promise<Payment> {
  if (record.externalReference) await completeExpectedPayment(db, trx, record, now);
  const columns = toColumns(record, now);
  const [row] = await trx('payments')
    .insert({ ...columns, ghl_contact_id: record.ghlContactId ?? null, created_at: now })
    .onConflict('mp_payment_id')
    .merge({ ...columns, ghl_contact_id: trx.raw('COALESCE(excluded.ghl_contact_id, payments.ghl_contact_id)') })
    .returning(PAYMENT_COLUMNS);
  return toPayment(row);
}

/** The GHL contact of the newest payment with this external reference that has one. */
export async function findContactIdByExternalReference(db: Driver, externalReference: string): Promise<string | null> {
  const row = await db.knex('payments')
    .where('external_reference', externalReference).whereNotNull('ghl_contact_id')
    .orderBy('id', 'desc').first('ghl_contact_id');
  return row ? String(row.ghl_contact_id) : null;
}

/** Remembers which GHL contact a payment belongs to. */
export async function setPaymentContact(db: Driver, paymentId: number, contactId: string, now: number): Promise<void> {
  await db.knex('payments').where('id', paymentId).update({ ghl_contact_id: contactId, updated_at: now });
}

export interface ExpectedPayment {
  externalReference: string;
  ghlContactId: string;
  amount?: number | null;
  currency?: string | null;
  description?: string | null;
}

/** Registers a payment before MercadoPago reports it, so the worker knows whose contact to tag. */
export async function registerExpectedPayment(db: Driver, p: ExpectedPayment, now: number): Promise<Payment> {
  const [row] = await db.knex('payments').insert({
    external_reference: p.externalReference,
    ghl_contact_id: p.ghlContactId,
    amount: p.amount ?? null,
    currency: p.currency ?? null,
    description: p.description ?? null,
    created_at: now,
    updated_at: now,
  }).returning('*');
  return toPayment(row);
}
