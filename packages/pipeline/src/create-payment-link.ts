import { randomUUID } from 'node:crypto';
import { Config, Logger, parseDuration, PermanentError } from '@ghl-payments/core';
import { DEFAULT_ACCOUNT, PaymentLink, PaymentLinkSource, Store } from '@ghl-payments/store';
import type { GhlClient } from './ghl-client';
import { ghlIdSchema } from './ghl-schemas';
import type { MercadoPagoClient } from './mercadopago-client';
import type { CustomFieldIds } from './rules/custom-field-ids';

/**
 * The currencies a link may be priced in, with the decimals MercadoPago accepts in `unit_price`. The list is
 * MercadoPago's own (Developers style guide, "Use of abbreviations": ARS, BRL, CLP, MXN, COP, PEN, UYU, USD; VES is
 * left out: MercadoPago no longer operates in Venezuela). Chilean and Colombian pesos take whole amounts only:
 * MercadoPago refuses decimals for them ("Prices in COP currency must be expressed with integer values", reported in
 * odoo/odoo#185664; odoo/odoo#124162 and MercadoPago's own WooCommerce plugin, cart-woocommerce#32 and #67, round
 * MLC/MCO amounts), although ISO 4217 gives COP two decimals.
 */
export const PAYMENT_LINK_CURRENCIES: Readonly<Record<string, { decimals: 0 | 2 }>> = {
  ARS: { decimals: 2 }, BRL: { decimals: 2 }, CLP: { decimals: 0 }, MXN: { decimals: 2 },
  COP: { decimals: 0 }, PEN: { decimals: 2 }, UYU: { decimals: 2 }, USD: { decimals: 2 },
};

export const DEFAULT_PAYMENT_LINK_CURRENCY = 'ARS';
const MAX_AMOUNT = 999_999_999.99;
const MAX_QUANTITY = 10_000;
const MIN_EXPIRY_MS = 60_000;
const MAX_EXPIRY_MS = 365 * 86_400_000;
/** A reservation older than this was left by a caller that died: another may take it over. */
const STALE_RESERVATION_MS = 2 * 60_000;

/** A request field that cannot be used: answered 400 (API, workflow) or one line (CLI), nothing created. */
export class PaymentLinkInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`invalid ${field}: ${message}`);
    this.name = 'PaymentLinkInputError';
  }
}

/**
 * Why no link can be made however the request is written: the deployment is not set up for it (PUBLIC_URL), the
 * external reference is already used, the contact does not exist, or the same workflow call is still being handled.
 */
export class PaymentLinkError extends Error {
  constructor(readonly kind: 'setup' | 'conflict' | 'contact' | 'busy', message: string) {
    super(message);
    this.name = 'PaymentLinkError';
  }
}

/** What a caller gives: the fields of `POST /api/payment-links`, as JSON or text (a workflow sends text). */
export interface PaymentLinkInput {
  contactId?: unknown;
  title?: unknown;
  amount?: unknown;
  currency?: unknown;
  quantity?: unknown;
  expiresIn?: unknown;
  externalReference?: unknown;
}

/** A checked request. `amount` is the unit price. */
export interface PaymentLinkRequest {
  contactId: string;
  title: string;
  amount: number;
  currency: string;
  quantity: number;
  /** null: the link never expires. */
  expiresInMs: number | null;
  /** null: one is generated. */
  externalReference: string | null;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function readText(field: string, value: unknown, max: number, required: boolean): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '' && !required)) {
    if (required) throw new PaymentLinkInputError(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') throw new PaymentLinkInputError(field, 'must be text');
  const text = value.trim();
  if (text === '') throw new PaymentLinkInputError(field, 'must not be empty');
  if (text.length > max) throw new PaymentLinkInputError(field, `must be at most ${max} characters`);
  if (CONTROL.test(text)) throw new PaymentLinkInputError(field, 'must be printable text on one line');
  return text;
}

/** `1500`, `1500.5`, `1500.50`, `1500,50` (a workflow's custom data is text) or a JSON number. */
function readAmount(value: unknown, currency: string): number {
  const decimals = PAYMENT_LINK_CURRENCIES[currency].decimals;
  const rule = decimals === 0 ? `a whole number in ${currency} (MercadoPago takes no decimals for it)` : 'a positive amount with at most two decimals';
  let amount: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PaymentLinkInputError('amount', `must be ${rule}`);
    amount = value;
    const cents = amount * 10 ** decimals;
    if (Math.abs(cents - Math.round(cents)) > 1e-6) throw new PaymentLinkInputError('amount', `must be ${rule}`);
  } else if (typeof value === 'string') {
    const text = value.trim();
    const match = /^(\d{1,12})(?:[.,](\d{1,2}))?$/.exec(text);
    if (!match || (decimals === 0 && match[2] !== undefined && Number(match[2]) !== 0)) throw new PaymentLinkInputError('amount', `must be ${rule}, e.g. ${decimals === 0 ? '15000' : '1500.50'}`);
    amount = Number(`${match[1]}.${match[2] ?? '0'}`);
  } else if (value === undefined || value === null) {
    throw new PaymentLinkInputError('amount', 'is required');
  } else {
    throw new PaymentLinkInputError('amount', `must be ${rule}`);
  }
  if (!(amount > 0)) throw new PaymentLinkInputError('amount', 'must be positive');
  if (amount > MAX_AMOUNT) throw new PaymentLinkInputError('amount', `must be at most ${MAX_AMOUNT}`);
  return Math.round(amount * 100) / 100;
}

function readQuantity(value: unknown): number {
  if (value === undefined || value === null || value === '') return 1;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_QUANTITY) {
    throw new PaymentLinkInputError('quantity', `must be a whole number from 1 to ${MAX_QUANTITY}`);
  }
  return n;
}

function readCurrency(value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_PAYMENT_LINK_CURRENCY;
  const known = Object.keys(PAYMENT_LINK_CURRENCIES).join(', ');
  if (typeof value !== 'string') throw new PaymentLinkInputError('currency', `must be one of ${known}`);
  const code = value.trim().toUpperCase();
  if (!PAYMENT_LINK_CURRENCIES[code]) throw new PaymentLinkInputError('currency', `must be one of the currencies MercadoPago charges in: ${known}`);
  return code;
}

/** `72h`, `30m`, `7d` or a number of seconds; null when absent. */
function readExpiry(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  let ms: number;
  if (typeof value === 'number' && Number.isInteger(value)) ms = value * 1000;
  else if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) ms = Number(value.trim()) * 1000;
  else if (typeof value === 'string') {
    try {
      ms = parseDuration(value);
    } catch {
      throw new PaymentLinkInputError('expiresIn', 'must be a duration such as 30m, 72h or 7d (or a number of seconds)');
    }
  } else throw new PaymentLinkInputError('expiresIn', 'must be a duration such as 30m, 72h or 7d (or a number of seconds)');
  if (ms < MIN_EXPIRY_MS || ms > MAX_EXPIRY_MS) throw new PaymentLinkInputError('expiresIn', 'must be from 1m to 365d');
  return ms;
}

/** Checks a request; a PaymentLinkInputError names the first unusable field. Nothing is called or stored. */
export function parsePaymentLinkRequest(input: PaymentLinkInput): PaymentLinkRequest {
  const contactId = readText('contactId', input.contactId, 128, true)!;
  if (!ghlIdSchema.safeParse(contactId).success) throw new PaymentLinkInputError('contactId', 'must be a GoHighLevel contact id (letters, digits, - or _)');
  const title = readText('title', input.title, 256, true)!;
  const currency = readCurrency(input.currency);
  const amount = readAmount(input.amount, currency);
  const quantity = readQuantity(input.quantity);
  if (amount * quantity > MAX_AMOUNT) throw new PaymentLinkInputError('amount', 'times quantity is too large');
  return {
    contactId, title, amount, currency, quantity,
    expiresInMs: readExpiry(input.expiresIn),
    externalReference: readText('externalReference', input.externalReference, 256, false),
  };
}

/** Where MercadoPago must report the link's payment: this receiver's webhook for the account, Webhooks format. */
export function paymentLinkNotificationUrl(config: Config, account: string): string {
  const base = config.alerts.publicUrl?.replace(/\/+$/, '');
  if (!base) {
    throw new PaymentLinkError('setup', 'PUBLIC_URL is not set: MercadoPago must reach this receiver to report the payment of a link; '
      + 'set PUBLIC_URL to the https address MercadoPago reaches it at (e.g. https://pagos.example.com)');
  }
  return `${base}/webhooks/mp${account === DEFAULT_ACCOUNT ? '' : `/${account}`}?source_news=webhooks`;
}

/** MercadoPago's date format (`yyyy-MM-ddTHH:mm:ss.SSS±hh:mm`), in UTC. */
export function toMercadoPagoDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** What creating a link needs: the account's configuration and clients, and the store. */
export interface PaymentLinkContext {
  store: Store;
  /** The account's configuration (its credentials over the deployment's settings). */
  config: Config;
  clients: { mercadopago: Pick<MercadoPagoClient, 'createPreference'>; ghl: Pick<GhlClient, 'getContact'> };
  account: string;
  now: () => number;
  logger?: Logger;
  /** How long a call waits for the same workflow call being handled elsewhere (default 15 s). */
  busyWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PaymentLinkOptions {
  source: PaymentLinkSource;
  /** The calling request's identity (a workflow call): the same key answers the same live link. */
  idempotencyKey?: string | null;
}

export interface PaymentLinkResult {
  link: PaymentLink;
  /** False when the idempotency key already had a live link (a redelivery). */
  created: boolean;
}

/** The preference MercadoPago is asked for (API reference "Create preference"). */
export function buildPreferenceBody(
  request: PaymentLinkRequest, o: { externalReference: string; linkId: number; payerEmail: string | null; notificationUrl: string; now: number; backUrl?: string },
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    items: [{ id: `payment-link-${o.linkId}`, title: request.title, quantity: request.quantity, currency_id: request.currency, unit_price: request.amount }],
    external_reference: o.externalReference,
    metadata: { ghl_contact_id: request.contactId, payment_link_id: o.linkId },
    notification_url: o.notificationUrl,
  };
  if (o.payerEmail) body.payer = { email: o.payerEmail };
  if (request.expiresInMs !== null) {
    body.expires = true;
    body.expiration_date_from = toMercadoPagoDate(o.now);
    body.expiration_date_to = toMercadoPagoDate(o.now + request.expiresInMs);
  }
  if (o.backUrl) {
    body.back_urls = { success: o.backUrl, pending: o.backUrl, failure: o.backUrl };
    body.auto_return = 'approved';
  }
  return body;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a payment link: checks nothing is in the way (PUBLIC_URL, the external reference), reads the contact's email
 * from GoHighLevel, asks MercadoPago for a Checkout Pro preference carrying the contact in `metadata.ghl_contact_id`
 * and the external reference, then stores the link and registers its payment in advance. With an idempotency key a
 * call that was already handled answers its link (`created: false`) and MercadoPago is not called again. Whatever
 * fails before the preference exists leaves nothing behind.
 */
export async function createPaymentLink(request: PaymentLinkRequest, options: PaymentLinkOptions, ctx: PaymentLinkContext): Promise<PaymentLinkResult> {
  const notificationUrl = paymentLinkNotificationUrl(ctx.config, ctx.account);
  const now = ctx.now();
  const externalReference = request.externalReference ?? `ghlp-${randomUUID()}`;
  const expiresAt = request.expiresInMs === null ? null : now + request.expiresInMs;
  const claim = await claimLink(ctx, {
    account: ctx.account, contactId: request.contactId, title: request.title, amount: request.amount, currency: request.currency,
    quantity: request.quantity, externalReference, source: options.source, expiresAt, idempotencyKey: options.idempotencyKey ?? null,
  });
  if (claim.state === 'exists') return { link: claim.link, created: false };
  const { id } = claim;
  let preference;
  try {
    if (request.externalReference !== null && await ctx.store.paymentLinkReferenceTaken(ctx.account, externalReference, id)) {
      throw new PaymentLinkError('conflict', `external reference "${externalReference}" is already used by another payment link or a registered payment: give another one, or none to have one generated`);
    }
    const contact = await readContact(ctx, request.contactId);
    const body = buildPreferenceBody(request, {
      externalReference, linkId: id, payerEmail: contact.email && EMAIL.test(contact.email) ? contact.email : null, notificationUrl, now,
      backUrl: ctx.config.paymentLinks?.backUrl,
    });
    preference = await ctx.clients.mercadopago.createPreference(body);
  } catch (err) {
    await ctx.store.abandonPaymentLink(id).catch(() => undefined);
    throw err;
  }
  const link = await ctx.store.completePaymentLink(id, { preferenceId: preference.id, initPoint: preference.init_point }, {
    externalReference, ghlContactId: request.contactId, amount: Math.round(request.amount * request.quantity * 100) / 100,
    currency: request.currency, description: request.title, account: ctx.account,
  }, ctx.now());
  ctx.logger?.info('payment link created', {
    account: ctx.account, linkId: link.id, preferenceId: link.preferenceId, contactId: link.contactId, externalReference, source: options.source,
  });
  return { link, created: true };
}

/** Claims the link, waiting (bounded) while the same workflow call is being handled by another request. */
async function claimLink(ctx: PaymentLinkContext, link: Parameters<Store['claimPaymentLink']>[0]) {
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); }));
  const deadline = ctx.now() + (ctx.busyWaitMs ?? 15_000);
  for (;;) {
    const claim = await ctx.store.claimPaymentLink(link, ctx.now(), STALE_RESERVATION_MS);
    if (claim.state !== 'busy') return claim;
    if (ctx.now() >= deadline) {
      throw new PaymentLinkError('busy', 'this request is already being handled (the same workflow call arrived twice at once): retry in a few seconds to get its link');
    }
    await sleep(200);
  }
}

async function readContact(ctx: PaymentLinkContext, contactId: string) {
  try {
    return await ctx.clients.ghl.getContact(contactId);
  } catch (err) {
    if (err instanceof PermanentError && err.reason === 'contact-not-found') {
      throw new PaymentLinkError('contact', `GoHighLevel contact ${contactId} not found in the account's location: check the contact id`);
    }
    throw err;
  }
}

/** Where a workflow's link goes on the contact. */
export interface PaymentLinkDelivery {
  /** The custom field key (`mp_payment_link`). */
  field: string;
  /** Also add a note with the link. */
  note: boolean;
}

/**
 * Writes the link into the contact's custom field (the field id found by key, as the rules do; setting the same
 * value again changes nothing) and, when asked, adds a note with it, unless a note of the contact already holds this
 * link (a redelivered workflow call whose first delivery got that far).
 */
export async function deliverPaymentLink(
  link: PaymentLink, delivery: PaymentLinkDelivery,
  clients: { ghl: Pick<GhlClient, 'setCustomFields' | 'addNote' | 'listNotes'>; customFieldIds: CustomFieldIds },
  o: { redelivery: boolean },
): Promise<void> {
  if (!link.initPoint) return;
  const fieldId = await clients.customFieldIds.idOf(delivery.field);
  await clients.ghl.setCustomFields(link.contactId, [{ id: fieldId, value: link.initPoint }]);
  if (!delivery.note) return;
  const initPoint = link.initPoint;
  if (o.redelivery && (await clients.ghl.listNotes(link.contactId)).some((note) => note.body.includes(initPoint))) return;
  const total = Math.round(link.amount * link.quantity * 100) / 100;
  await clients.ghl.addNote(link.contactId, `Link de pago de MercadoPago: ${link.title} (${link.currency} ${total}): ${initPoint}`);
}

/**
 * One line saying why MercadoPago or GoHighLevel did not make the link (a RetryableError or PermanentError), without
 * the worker's "the event waits" ending, which means nothing to a caller waiting for a link.
 */
export function describeLinkFailure(err: Error): string {
  return `payment link not created: ${err.message.replace(/; the event waits until it is set \(not counted as a failure\)$/, '')}`;
}
