import type { Knex } from 'knex';
import type { Driver } from './drivers/driver';
import type { Page, PageRequest } from './event-filter';
import { DEFAULT_ACCOUNT } from './event-types';
import { ExpectedPayment, insertExpectedPayment } from './payments';

/** Who asked for a link: the operators' API, the command line, or a GoHighLevel workflow. */
export type PaymentLinkSource = 'api' | 'cli' | 'workflow';

/**
 * A link's state, computed on read: `paid` once an approved payment with its external reference was recorded,
 * `expired` when its expiry has passed unpaid, `created` otherwise. MercadoPago reports nothing when a buyer merely
 * opens a link, so there is no "opened" state (docs/payment-links.md).
 */
export type PaymentLinkState = 'created' | 'paid' | 'expired';

export const PAYMENT_LINK_STATES: readonly PaymentLinkState[] = ['created', 'paid', 'expired'];

/** A payment link as stored, with its state at the time it was read. */
export interface PaymentLink {
  id: number;
  account: string;
  /** MercadoPago's preference id; null while the link is being created. */
  preferenceId: string | null;
  contactId: string;
  title: string;
  /** The unit price, in `currency`. */
  amount: number;
  currency: string;
  quantity: number;
  externalReference: string;
  /** The checkout URL to send the buyer; null while the link is being created. */
  initPoint: string | null;
  idempotencyKey: string | null;
  source: PaymentLinkSource;
  expiresAt: number | null;
  paidAt: number | null;
  mpPaymentId: string | null;
  createdAt: number;
  updatedAt: number;
  state: PaymentLinkState;
}

/** What a new link is, before MercadoPago has its preference: what its caller chose. */
export interface NewPaymentLink extends Pick<
  PaymentLink, 'account' | 'contactId' | 'title' | 'amount' | 'currency' | 'quantity' | 'externalReference' | 'source' | 'expiresAt'
> {
  /** The request that asked for it (a GoHighLevel workflow call); null: none, every call makes a new link. */
  idempotencyKey: string | null;
}

/**
 * What claiming a new link found: `claimed` (the caller creates the preference, then completes or abandons the
 * reservation `id`), `exists` (this idempotency key already has a live link: answer it), or `busy` (another caller is
 * creating the link of this key right now).
 */
export type PaymentLinkClaim =
  | { state: 'claimed'; id: number }
  | { state: 'exists'; link: PaymentLink }
  | { state: 'busy' };

export interface PaymentLinkFilter {
  account?: string;
  contactId?: string;
  state?: PaymentLinkState;
}

const COLUMNS = [
  'id', 'account', 'preference_id', 'contact_id', 'title', 'amount', 'currency', 'quantity', 'external_reference', 'init_point',
  'idempotency_key', 'source', 'expires_at', 'paid_at', 'mp_payment_id', 'created_at', 'updated_at',
];

/** The state of a link at `now`. */
export function paymentLinkState(link: { paidAt: number | null; expiresAt: number | null }, now: number): PaymentLinkState {
  if (link.paidAt !== null) return 'paid';
  if (link.expiresAt !== null && link.expiresAt <= now) return 'expired';
  return 'created';
}

function toPaymentLink(row: Record<string, unknown>, now: number): PaymentLink {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const link = {
    id: Number(row.id),
    account: text(row.account) ?? DEFAULT_ACCOUNT,
    preferenceId: text(row.preference_id),
    contactId: String(row.contact_id),
    title: String(row.title),
    amount: Number(row.amount),
    currency: String(row.currency),
    quantity: Number(row.quantity),
    externalReference: String(row.external_reference),
    initPoint: text(row.init_point),
    idempotencyKey: text(row.idempotency_key),
    source: String(row.source) as PaymentLinkSource,
    expiresAt: num(row.expires_at),
    paidAt: num(row.paid_at),
    mpPaymentId: text(row.mp_payment_id),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  return { ...link, state: paymentLinkState(link, now) };
}

function newRow(link: NewPaymentLink, now: number): Record<string, unknown> {
  return {
    account: link.account, contact_id: link.contactId, title: link.title, amount: link.amount, currency: link.currency,
    quantity: link.quantity, external_reference: link.externalReference, source: link.source, expires_at: link.expiresAt,
    idempotency_key: link.idempotencyKey, created_at: now, updated_at: now,
  };
}

/**
 * Reserves the creation of a link. Without an idempotency key the reservation is always new. With one, the key's
 * link is answered while it can still be paid (not paid, not expired); a paid or expired one lets the key go (the
 * same contact may be sent a new link by a later run of the workflow) and a new reservation is made; a reservation
 * younger than `staleMs` means another caller is creating it (`busy`), an older one (its creator died) is taken over.
 * Every step is a single conditional statement, so concurrent callers on any number of hosts agree: the key's unique
 * index lets one insert win, and the compare-and-set on `updated_at` lets one caller take a stale reservation over.
 */
export async function claimPaymentLink(db: Driver, link: NewPaymentLink, now: number, staleMs: number): Promise<PaymentLinkClaim> {
  const { knex } = db;
  const key = link.idempotencyKey;
  if (key === null) {
    const [row] = await knex('payment_links').insert(newRow(link, now)).returning('id');
    return { state: 'claimed', id: Number((row as { id: unknown }).id) };
  }
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const row = await knex('payment_links').where('idempotency_key', key).first(COLUMNS);
    if (!row) {
      const inserted = await knex('payment_links').insert(newRow(link, now)).onConflict('idempotency_key').ignore().returning('id');
      if (inserted.length > 0) return { state: 'claimed', id: Number((inserted[0] as { id: unknown }).id) };
      continue; // another caller inserted it in between: read theirs
    }
    const found = toPaymentLink(row, now);
    if (found.preferenceId !== null) {
      if (found.state === 'created') return { state: 'exists', link: found };
      // paid or expired: the key is free for a new link (the old row keeps everything but the key)
      await knex('payment_links').where({ id: found.id, idempotency_key: key }).update({ idempotency_key: null, updated_at: now });
      continue;
    }
    if (found.updatedAt > now - staleMs) return { state: 'busy' };
    const taken = await knex('payment_links').where({ id: found.id, updated_at: found.updatedAt }).whereNull('preference_id')
      .update({ ...newRow(link, now), created_at: found.createdAt });
    if (Number(taken) > 0) return { state: 'claimed', id: found.id };
  }
  return { state: 'busy' };
}

/** What MercadoPago answered for the reserved link. */
export interface CreatedPreference {
  preferenceId: string;
  initPoint: string;
}

/**
 * Completes a reserved link with its preference and registers its payment in advance (same external reference and
 * contact, so the worker knows the contact even if the payment's metadata is lost), in one transaction.
 */
export async function completePaymentLink(
  db: Driver, id: number, preference: CreatedPreference, expected: ExpectedPayment, now: number,
): Promise<PaymentLink> {
  return db.knex.transaction(async (trx) => {
    const updated = await trx('payment_links').where('id', id).whereNull('preference_id')
      .update({ preference_id: preference.preferenceId, init_point: preference.initPoint, updated_at: now });
    if (Number(updated) === 0) throw new Error(`payment link ${id} is no longer reserved: it was completed or abandoned by another caller`);
    await insertExpectedPayment(trx, expected, now);
    const row = await trx('payment_links').where('id', id).first(COLUMNS);
    return toPaymentLink(row, now);
  });
}

/** Drops a reservation whose preference could not be created (nothing was created: the request may be tried again). */
export async function abandonPaymentLink(db: Driver, id: number): Promise<void> {
  await db.knex('payment_links').where('id', id).whereNull('preference_id').delete();
}

/** One link (a reservation too), with its state at `now`. */
export async function getPaymentLink(db: Driver, id: number, now: number): Promise<PaymentLink | null> {
  const row = await db.knex('payment_links').where('id', id).first(COLUMNS);
  return row ? toPaymentLink(row, now) : null;
}

/**
 * True when this external reference is already in use: by another link of the account (created or being created;
 * `exceptId` is the caller's own reservation), or by a payment registered in advance that MercadoPago has not reported.
 */
export async function paymentLinkReferenceTaken(db: Driver, account: string, externalReference: string, exceptId?: number): Promise<boolean> {
  const link = await db.knex('payment_links').where({ account, external_reference: externalReference })
    .modify((q) => { if (exceptId !== undefined) q.whereNot('id', exceptId); }).first('id');
  if (link !== undefined) return true;
  const expected = await db.knex('payments').whereNull('mp_payment_id').where('external_reference', externalReference).first('id');
  return expected !== undefined;
}

function applyFilter(query: Knex.QueryBuilder, filter: PaymentLinkFilter, now: number): Knex.QueryBuilder {
  query.whereNotNull('preference_id');
  if (filter.account !== undefined) query.where('account', filter.account);
  if (filter.contactId !== undefined) query.where('contact_id', filter.contactId);
  if (filter.state === 'paid') query.whereNotNull('paid_at');
  if (filter.state === 'expired') query.whereNull('paid_at').whereNotNull('expires_at').where('expires_at', '<=', now);
  if (filter.state === 'created') query.whereNull('paid_at').where((q) => { q.whereNull('expires_at').orWhere('expires_at', '>', now); });
  return query;
}

/** Links matching the filter (reservations left out), newest first, one page plus the total, states at `now`. */
export async function listPaymentLinks(db: Driver, filter: PaymentLinkFilter, page: PageRequest, now: number): Promise<Page<PaymentLink>> {
  const [rows, counted] = await Promise.all([
    applyFilter(db.knex('payment_links'), filter, now).select(COLUMNS).orderBy('id', 'desc').limit(page.limit).offset(page.offset),
    applyFilter(db.knex('payment_links'), filter, now).count({ n: '*' }).first(),
  ]);
  return { data: rows.map((row: Record<string, unknown>) => toPaymentLink(row, now)), total: Number(counted?.n ?? 0) };
}

/** What paid a link: the account's approved payment with the link's external reference. */
export interface PaymentLinkPayment {
  account: string;
  externalReference: string;
  mpPaymentId: string;
  now: number;
}

/**
 * Marks the account's unpaid links with this external reference paid (the first approved payment wins; a later one
 * changes nothing). Returns how many were marked. One indexed statement: the worker runs it for every approved
 * payment that carries an external reference.
 */
export async function markPaymentLinkPaid(db: Driver, payment: PaymentLinkPayment): Promise<number> {
  const updated = await db.knex('payment_links')
    .where({ external_reference: payment.externalReference, account: payment.account })
    .whereNull('paid_at').whereNotNull('preference_id')
    .update({ paid_at: payment.now, mp_payment_id: payment.mpPaymentId, updated_at: payment.now });
  return Number(updated);
}
