import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';
import { enterStatusOn } from './status-changes';

/** The fields of a MercadoPago subscription (preapproval) that the product keeps. */
export interface SubscriptionRecord {
  mpPreapprovalId: string;
  status: string;
  reason: string | null;
  externalReference: string | null;
  payerEmail: string | null;
  amount: number | null;
  currency: string | null;
  lastModified: string | null;
  raw: string;
  /** The GHL contact, when known; a stored one is kept when absent. */
  ghlContactId?: string | null;
}

export interface Subscription {
  id: number;
  mpPreapprovalId: string;
  status: string | null;
  reason: string | null;
  externalReference: string | null;
  payerEmail: string | null;
  amount: number | null;
  currency: string | null;
  ghlContactId: string | null;
  lastModified: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface RecordedSubscriptionState {
  subscription: Subscription;
  round: number;
  stale: boolean;
}

const COLUMNS = ['mp_preapproval_id', 'status', 'reason', 'external_reference', 'payer_email', 'amount', 'currency', 'last_modified', 'raw', 'updated_at'];
const UPSERT_SQL = `INSERT INTO subscriptions (${[...COLUMNS, 'ghl_contact_id', 'created_at'].join(', ')}) VALUES (${[...COLUMNS, 'c', 'c'].map(() => '?').join(', ')})
  ON CONFLICT (mp_preapproval_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')},
    ghl_contact_id = COALESCE(excluded.ghl_contact_id, subscriptions.ghl_contact_id)
  RETURNING *`;
const READ_SQL = 'SELECT * FROM subscriptions WHERE mp_preapproval_id = ?';

function toSubscription(row: Record<string, unknown>): Subscription {
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(row.id),
    mpPreapprovalId: String(row.mp_preapproval_id),
    status: str(row.status),
    reason: str(row.reason),
    externalReference: str(row.external_reference),
    payerEmail: str(row.payer_email),
    amount: row.amount === null || row.amount === undefined ? null : Number(row.amount),
    currency: str(row.currency),
    ghlContactId: str(row.ghl_contact_id),
    lastModified: str(row.last_modified),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * Records what MercadoPago says about a subscription and the status round it is in, in one transaction, like
 * recordPaymentState: an answer older than the stored one (by last_modified) changes nothing and is reported stale.
 */
export function recordSubscriptionState(db: Driver, record: SubscriptionRecord, eventId: number | null, now: number): Promise<RecordedSubscriptionState> {
  return db.knex.transaction(async (trx) => {
    const subject = `subscription:${record.mpPreapprovalId}`;
    await db.lockKey(trx, subject);
    const [stored] = rowsOf(await trx.raw(READ_SQL, [record.mpPreapprovalId]));
    if (stored && record.lastModified && stored.last_modified && Date.parse(record.lastModified) < Date.parse(String(stored.last_modified))) {
      const subscription = toSubscription(stored);
      const status = String(subscription.status);
      return { subscription, round: await enterStatusOn(trx, { subject, status, previousStatus: status, eventId, now }), stale: true };
    }
    const values = [
      record.mpPreapprovalId, record.status, record.reason, record.externalReference, record.payerEmail, record.amount, record.currency,
      record.lastModified, record.raw, now, record.ghlContactId ?? null, now,
    ];
    const [row] = rowsOf(await trx.raw(UPSERT_SQL, values));
    const previousStatus = stored ? (stored.status === null ? null : String(stored.status)) : null;
    const round = await enterStatusOn(trx, { subject, status: record.status, previousStatus, eventId, now });
    return { subscription: toSubscription(row), round, stale: false };
  });
}

/** Remembers which GHL contact a subscription belongs to. */
export async function setSubscriptionContact(db: Driver, id: number, contactId: string, now: number): Promise<void> {
  await db.knex('subscriptions').where('id', id).update({ ghl_contact_id: contactId, updated_at: now });
}
