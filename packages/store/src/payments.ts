import type { Database } from './database';
import { settledValue } from '@ghl-payments/core';
import { PreparedStatementSpec, runPrepared, runPreparedSequence } from './prepared-statement';

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

const UPSERT_COLUMNS = Object.keys(toColumns({} as PaymentRecord, 0));
/**
 * Insert, or update everything but the MercadoPago id and created_at (and the contact, unless a new one is given);
 * returns the stored row either way.
 */
const UPSERT_SQL = `INSERT INTO payments (${UPSERT_COLUMNS.join(', ')}, ghl_contact_id, created_at) VALUES (${UPSERT_COLUMNS.map(() => '?').join(', ')}, ?, ?)
  ON CONFLICT (mp_payment_id) DO UPDATE SET ${UPSERT_COLUMNS.filter((c) => c !== 'mp_payment_id').map((c) => `${c} = excluded.${c}`).join(', ')},
    ghl_contact_id = COALESCE(excluded.ghl_contact_id, payments.ghl_contact_id)
  RETURNING *`;
/**
 * A payment registered in advance (same external reference, no MercadoPago id yet) takes the MercadoPago id, unless
 * the payment is already stored under it; the upsert that follows then updates that row instead of inserting one.
 */
const COMPLETE_EXPECTED_SQL = `UPDATE payments SET ${UPSERT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, ghl_contact_id = COALESCE(?, ghl_contact_id)
  WHERE id = (SELECT id FROM payments WHERE mp_payment_id IS NULL AND external_reference = ? ORDER BY id ASC LIMIT 1)
    AND NOT EXISTS (SELECT 1 FROM payments WHERE mp_payment_id = ?)`;

/**
 * Records what MercadoPago says about a payment. A payment registered in advance with the same external reference
 * (and no MercadoPago id yet) is completed rather than duplicated. Returns the stored payment. The worker does this
 * for every event: both statements are prepared and run as one sequence (one commit on SQLite; prepared-statement.ts).
 */
export async function upsertPayment(db: Database, record: PaymentRecord, now: number): Promise<Payment> {
  const columns = toColumns(record, now);
  const values = [...UPSERT_COLUMNS.map((c) => columns[c as keyof typeof columns] ?? null), record.ghlContactId ?? null];
  const statements: PreparedStatementSpec[] = [];
  if (record.externalReference) {
    statements.push({ name: 'ghlp_complete_expected_payment', sql: COMPLETE_EXPECTED_SQL, values: [...values, record.externalReference, record.mpPaymentId] });
  }
  // RETURNING *: its columns follow the schema, so not a named statement on PostgreSQL
  statements.push({ name: 'ghlp_upsert_payment', sql: UPSERT_SQL, values: [...values, now], pgNamed: false });
  const results = await runPreparedSequence(db, statements);
  const expected = results.length === 2 ? results[0] : null;
  // another worker stored this MercadoPago id between the check and the update (PostgreSQL): the upsert updates it
  if (expected?.status === 'rejected' && !/unique|duplicate/i.test((expected.reason as Error).message)) throw expected.reason;
  return toPayment(settledValue(results[results.length - 1]).rows[0] as Record<string, unknown>);
}

/** The GHL contact of the newest payment with this external reference that has one. */
export async function findContactIdByExternalReference(db: Database, externalReference: string): Promise<string | null> {
  const row = await db.knex('payments')
    .where('external_reference', externalReference).whereNotNull('ghl_contact_id')
    .orderBy('id', 'desc').first('ghl_contact_id');
  return row ? String(row.ghl_contact_id) : null;
}

/** Remembers which GHL contact a payment belongs to. */
export async function setPaymentContact(db: Database, paymentId: number, contactId: string, now: number): Promise<void> {
  await runPrepared(db, 'ghlp_set_payment_contact', 'UPDATE payments SET ghl_contact_id = ?, updated_at = ? WHERE id = ?', [contactId, now, paymentId]);
}

export interface ExpectedPayment {
  externalReference: string;
  ghlContactId: string;
  amount?: number | null;
  currency?: string | null;
  description?: string | null;
}

/** Registers a payment before MercadoPago reports it, so the worker knows whose contact to tag. */
export async function registerExpectedPayment(db: Database, p: ExpectedPayment, now: number): Promise<Payment> {
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
