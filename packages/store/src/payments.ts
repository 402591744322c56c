import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import { columnsAndValues, rowsOf } from './raw-sql';
import { DEFAULT_ACCOUNT } from './event-types';
import { enterStatusOn, paymentSubject } from './status-changes';

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
  /** The buyer's name (`payer.first_name` and `payer.last_name`), when MercadoPago reports it; absent: none. */
  payerName?: string | null;
  dateCreated: string | null;
  dateApproved: string | null;
  dateLastUpdated: string | null;
  raw: string;
  /** The GHL contact, when already known (e.g. from the payment's metadata); a stored one is kept when absent. */
  ghlContactId?: string | null;
  /** The account whose event recorded it first (default: the environment-configured shop); never changed after. */
  account?: string;
}

export interface Payment {
  id: number;
  /** The account the payment belongs to (`default`: the environment-configured shop). */
  account: string;
  mpPaymentId: string | null;
  externalReference: string | null;
  ghlContactId: string | null;
  status: string | null;
  statusDetail: string | null;
  amount: number | null;
  currency: string | null;
  description: string | null;
  payerEmail: string | null;
  /** The buyer's name as MercadoPago last reported it (null when it did not, or once retention or erasure cleared it). */
  payerName: string | null;
  dateCreated: string | null;
  dateApproved: string | null;
  dateLastUpdated: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Every payments column but the raw MercadoPago JSON. */
export const PAYMENT_COLUMNS = [
  'id', 'mp_payment_id', 'external_reference', 'ghl_contact_id', 'status', 'status_detail', 'amount', 'currency', 'description',
  'payer_email', 'payer_name', 'date_created', 'date_approved', 'date_last_updated', 'created_at', 'updated_at', 'account',
];

/** Maps a payments row to a Payment (raw JSON left out). */
export function toPayment(row: Record<string, unknown>): Payment {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    account: str(row.account) ?? DEFAULT_ACCOUNT,
    mpPaymentId: str(row.mp_payment_id),
    externalReference: str(row.external_reference),
    ghlContactId: str(row.ghl_contact_id),
    status: str(row.status),
    statusDetail: str(row.status_detail),
    amount: row.amount === null || row.amount === undefined ? null : Number(row.amount),
    currency: str(row.currency),
    description: str(row.description),
    payerEmail: str(row.payer_email),
    payerName: str(row.payer_name),
    dateCreated: str(row.date_created),
    dateApproved: str(row.date_approved),
    dateLastUpdated: str(row.date_last_updated),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The columns recordPayment writes, in toValues order (the contact and created_at are handled apart). */
const RECORD_COLUMNS = [
  'mp_payment_id', 'status', 'status_detail', 'amount', 'currency', 'description', 'external_reference', 'payer_email', 'payer_name',
  'date_created', 'date_approved', 'date_last_updated', 'raw', 'updated_at',
];
/** Insert, or update everything but created_at (and the contact, unless a new one is given); the stored row back. */
const UPSERT_PAYMENT_SQL = `INSERT INTO payments ${columnsAndValues([...RECORD_COLUMNS, 'ghl_contact_id', 'created_at', 'account'])}
  ON CONFLICT (mp_payment_id) DO UPDATE SET ${RECORD_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')},
    ghl_contact_id = COALESCE(excluded.ghl_contact_id, payments.ghl_contact_id)
  RETURNING ${PAYMENT_COLUMNS.join(', ')}`;
/** A payment registered in advance with this external reference takes the MercadoPago id (unless it is stored already). */
const COMPLETE_EXPECTED_SQL = `UPDATE payments SET ${RECORD_COLUMNS.map((c) => `${c} = ?`).join(', ')}, ghl_contact_id = COALESCE(?, ghl_contact_id)
  WHERE id = (SELECT id FROM payments WHERE mp_payment_id IS NULL AND external_reference = ? ORDER BY id ASC LIMIT 1)
    AND NOT EXISTS (SELECT 1 FROM payments AS stored WHERE stored.mp_payment_id = ?)`;

function toValues(p: PaymentRecord, now: number): Knex.RawBinding[] {
  return [
    p.mpPaymentId, p.status, p.statusDetail, p.amount, p.currency, p.description, p.externalReference, p.payerEmail, p.payerName ?? null,
    p.dateCreated, p.dateApproved, p.dateLastUpdated, p.raw, now,
  ];
}

/**
 * A payment registered in advance (same external reference, no MercadoPago id yet) takes the MercadoPago id, unless
 * the payment is already stored under it; the upsert that follows then updates that row instead of inserting one.
 * With several writers (PostgreSQL) another worker may store this MercadoPago id between the check and the update: the
 * update then runs in a savepoint, so its unique violation does not abort the transaction (the upsert updates that
 * row). With a single writer (SQLite) the check cannot race.
 */
async function completeExpectedPayment(db: Driver, trx: Knex.Transaction, record: PaymentRecord, now: number): Promise<void> {
  const values = [...toValues(record, now), record.ghlContactId ?? null, record.externalReference, record.mpPaymentId];
  const update = (knex: Knex) => knex.raw(COMPLETE_EXPECTED_SQL, values);
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

/** What recording a payment's state found. */
export interface RecordedPaymentState {
  payment: Payment;
  /** Which time the payment is in this status (1, or more when the status came back); rules run once per round. */
  round: number;
  /** True when MercadoPago's answer is older than the state already stored: nothing was written. */
  stale: boolean;
}

const READ_STATE_SQL = 'SELECT status, date_last_updated FROM payments WHERE mp_payment_id = ?';

/**
 * Records what MercadoPago says about a payment and the status round it is in, in one transaction. An answer older
 * than the state stored (by date_last_updated: two events read the payment around a change and the later read was
 * recorded first) changes nothing and is reported `stale`, so a refund is never overwritten by the approval before it.
 * The payment's key is locked first, so two events about one payment (a new one too) read and write its state in turn.
 */
export function recordPaymentState(db: Driver, record: PaymentRecord, eventId: number | null, now: number): Promise<RecordedPaymentState> {
  return db.knex.transaction(async (trx) => {
    const subject = paymentSubject(record.mpPaymentId);
    await db.lockKey(trx, subject);
    const [stored] = rowsOf(await trx.raw(READ_STATE_SQL, [record.mpPaymentId]));
    if (stored && isOlder(record.dateLastUpdated, stored.date_last_updated)) {
      const [row] = rowsOf(await trx.raw(`SELECT ${PAYMENT_COLUMNS.join(', ')} FROM payments WHERE mp_payment_id = ?`, [record.mpPaymentId]));
      const payment = toPayment(row);
      return { payment, round: await enterStatusOn(trx, { subject, status: String(payment.status), previousStatus: String(payment.status), eventId, now }), stale: true };
    }
    const payment = await recordPaymentOn(db, trx, record, now);
    const previousStatus = stored ? (stored.status === null ? null : String(stored.status)) : null;
    const round = await enterStatusOn(trx, { subject, status: record.status, previousStatus, eventId, now });
    return { payment, round, stale: false };
  });
}

/** True when MercadoPago's `date_last_updated` a is strictly older than b (unparseable dates are never older). */
function isOlder(a: string | null, b: unknown): boolean {
  if (!a || b === null || b === undefined) return false;
  const left = Date.parse(a);
  const right = Date.parse(String(b));
  return Number.isFinite(left) && Number.isFinite(right) && left < right;
}

async function recordPaymentOn(db: Driver, trx: Knex.Transaction, record: PaymentRecord, now: number): Promise<Payment> {
  if (record.externalReference) await completeExpectedPayment(db, trx, record, now);
  const [row] = rowsOf(await trx.raw(UPSERT_PAYMENT_SQL, [...toValues(record, now), record.ghlContactId ?? null, now, record.account ?? DEFAULT_ACCOUNT]));
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
  /** The account it belongs to (default: the environment-configured shop); the payment that completes it keeps it. */
  account?: string;
}

/** Registers a payment before MercadoPago reports it, so the worker knows whose contact to tag. */
export async function registerExpectedPayment(db: Driver, p: ExpectedPayment, now: number): Promise<Payment> {
  return insertExpectedPayment(db.knex, p, now);
}

/** registerExpectedPayment on a connection or inside a transaction (a payment link registers its payment with itself). */
export async function insertExpectedPayment(knex: Knex, p: ExpectedPayment, now: number): Promise<Payment> {
  const [row] = await knex('payments').insert({
    external_reference: p.externalReference,
    ghl_contact_id: p.ghlContactId,
    amount: p.amount ?? null,
    currency: p.currency ?? null,
    description: p.description ?? null,
    account: p.account ?? DEFAULT_ACCOUNT,
    created_at: now,
    updated_at: now,
  }).returning('*');
  return toPayment(row);
}
