import { randomUUID } from 'node:crypto';
import { formatMercadoPagoDate } from './mercadopago-date';
import { PaymentInput } from './mercadopago-payment';

/**
 * A Checkout Pro preference as POST /checkout/preferences answers it. Source: MercadoPago's API reference "Create
 * preference" (https://www.mercadopago.com.ar/developers/en/reference/preferences/_checkout_preferences/post: request
 * `items[]` {id, title, description, picture_url, category_id, quantity, currency_id, unit_price}, `payer`, `back_urls`,
 * `auto_return`, `notification_url`, `external_reference`, `metadata`, `expires`, `expiration_date_from` /
 * `expiration_date_to`; answer 201 with the same fields plus `id`, `init_point`, `sandbox_init_point`, `collector_id`,
 * `client_id`, `date_created`, `operation_type`, `marketplace`; errors 400 `invalid_items` "unit_price invalid.",
 * `invalid_expiration_date_from` / `_to`, `invalid_back_urls`, …) and the official SDK's `PreferenceResponse`
 * (sdk-nodejs clients/preference/commonTypes). Fields the request leaves out are answered with MercadoPago's
 * defaults: `expires: false`, null dates, empty `back_urls` and `auto_return`, `metadata: {}`.
 */
export interface MercadoPagoPreference {
  id: string;
  init_point: string;
  sandbox_init_point: string;
  collector_id: number;
  date_created: string;
  external_reference: string;
  items: Array<Record<string, unknown>>;
  metadata: Record<string, unknown>;
  notification_url: string | null;
  expires: boolean;
  expiration_date_from: string | null;
  expiration_date_to: string | null;
  back_urls: Record<string, unknown>;
  auto_return: string;
  [key: string]: unknown;
}

/** Why a preference request was refused: MercadoPago's `error` code and `message` (answered 400). */
export interface PreferenceRejection {
  error: string;
  message: string;
}

/**
 * The currencies a preference may be priced in (MercadoPago's list: ARS, BRL, CLP, MXN, COP, PEN, UYU, USD and VES),
 * with the decimals `unit_price` may carry. Chilean and Colombian pesos take whole amounts only (MercadoPago refuses
 * decimals for them: "Prices in COP currency must be expressed with integer values"); the fake refuses them when the
 * preference is created, with the reference's `invalid_items` code.
 */
export const PREFERENCE_CURRENCIES: Readonly<Record<string, number>> = {
  ARS: 2, BRL: 2, CLP: 0, MXN: 2, COP: 0, PEN: 2, UYU: 2, USD: 2, VES: 2,
};

const reject = (error: string, message: string): PreferenceRejection => ({ error, message });

/** The reason an item is refused, or undefined. */
function checkItem(item: unknown): PreferenceRejection | undefined {
  if (!isObject(item)) return reject('invalid_items', 'items must be objects.');
  const price = item.unit_price;
  if (typeof price !== 'number' || !Number.isFinite(price) || !(price > 0)) return reject('invalid_items', 'unit_price invalid.');
  if (item.quantity !== undefined && (!Number.isInteger(item.quantity) || (item.quantity as number) < 1)) return reject('invalid_items', 'quantity invalid.');
  if (item.title !== undefined && typeof item.title !== 'string') return reject('invalid_items', 'title invalid.');
  if (item.currency_id !== undefined) {
    const decimals = typeof item.currency_id === 'string' ? PREFERENCE_CURRENCIES[item.currency_id] : undefined;
    if (decimals === undefined) return reject('invalid_items', 'currency_id invalid.');
    const scaled = price * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      return reject('invalid_items', `unit_price invalid. Prices in ${String(item.currency_id)} currency must be expressed with ${decimals === 0 ? 'integer values' : 'at most 2 decimals'}.`);
    }
  }
  return undefined;
}

/** The expiry fields: `expires` a boolean, both dates MercadoPago dates, the end after the start. */
function checkExpiry(body: Record<string, unknown>): PreferenceRejection | undefined {
  if (body.expires !== undefined && typeof body.expires !== 'boolean') return reject('invalid_expires', 'expires must be boolean.');
  const date = (value: unknown) => (value === undefined || value === null ? null : typeof value === 'string' ? Date.parse(value) : NaN);
  const from = date(body.expiration_date_from);
  const to = date(body.expiration_date_to);
  if (from !== null && !Number.isFinite(from)) return reject('invalid_expiration_date_from', 'expiration_date_from invalid.');
  if (to !== null && !Number.isFinite(to)) return reject('invalid_expiration_date_to', 'expiration_date_to invalid.');
  if (from !== null && to !== null && to <= from) return reject('invalid_expiration_date_to', 'expiration_date_to invalid.');
  return undefined;
}

/** `back_urls`: an object of URLs; `auto_return` needs `back_urls.success` (MercadoPago's `invalid_auto_return`). */
function checkBackUrls(body: Record<string, unknown>): PreferenceRejection | undefined {
  const urls = body.back_urls;
  if (urls !== undefined && (!isObject(urls) || Object.values(urls).some((u) => typeof u !== 'string'))) return reject('invalid_back_urls', 'back_urls invalid. Wrong format.');
  if (body.auto_return !== undefined && body.auto_return !== '') {
    if (body.auto_return !== 'approved' && body.auto_return !== 'all') return reject('invalid_auto_return', 'auto_return invalid.');
    const success = isObject(urls) ? urls.success : undefined;
    if (typeof success !== 'string' || success === '') return reject('invalid_auto_return', 'auto_return invalid. back_url.success must be defined');
  }
  return undefined;
}

/** Validates a preference request body and builds the preference, or says why MercadoPago would refuse it. */
export function buildPreference(body: unknown, baseUrl: string, collectorId: number, now: number): MercadoPagoPreference | PreferenceRejection {
  if (!isObject(body)) return reject('bad_request', 'request body must be a JSON object');
  const items = body.items;
  if (!Array.isArray(items) || items.length === 0) return reject('invalid_items', 'items needed');
  for (const item of items) {
    const refused = checkItem(item);
    if (refused) return refused;
  }
  const refused = checkExpiry(body) ?? checkBackUrls(body);
  if (refused) return refused;
  const id = `${collectorId}-${randomUUID()}`;
  const initPoint = `${baseUrl}/checkout/v1/redirect?pref_id=${id}`;
  return {
    additional_info: '',
    auto_return: '',
    binary_mode: false,
    ...body,
    id,
    init_point: initPoint,
    sandbox_init_point: initPoint,
    collector_id: collectorId,
    client_id: String(collectorId),
    operation_type: 'regular_payment',
    marketplace: 'NONE',
    date_created: formatMercadoPagoDate(now),
    items: items.map((item: Record<string, unknown>) => ({ id: '', quantity: 1, currency_id: 'ARS', title: '', ...item })),
    external_reference: typeof body.external_reference === 'string' ? body.external_reference : '',
    metadata: isObject(body.metadata) ? body.metadata : {},
    notification_url: typeof body.notification_url === 'string' ? body.notification_url : null,
    expires: body.expires === true,
    expiration_date_from: typeof body.expiration_date_from === 'string' ? body.expiration_date_from : null,
    expiration_date_to: typeof body.expiration_date_to === 'string' ? body.expiration_date_to : null,
    back_urls: { failure: '', pending: '', success: '', ...(isObject(body.back_urls) ? body.back_urls : {}) },
  };
}

/** True for what buildPreference returns when it refuses the request. */
export function isPreferenceRejection(value: MercadoPagoPreference | PreferenceRejection): value is PreferenceRejection {
  return !('id' in value);
}

/**
 * The payment a buyer paying this preference produces: amount = Σ unit_price × quantity, the preference's
 * external_reference, payer email and description, and its metadata with keys in snake_case (as MercadoPago returns them).
 */
export function paymentFromPreference(preference: MercadoPagoPreference, paymentId: number, overrides: Partial<PaymentInput> = {}): PaymentInput {
  const amount = preference.items.reduce((sum, item) => sum + Number(item.unit_price) * Number(item.quantity ?? 1), 0);
  const payer = isObject(preference.payer) && typeof preference.payer.email === 'string' ? { email: preference.payer.email } : undefined;
  const first = preference.items[0];
  return {
    id: paymentId,
    status: 'approved',
    transaction_amount: Math.round(amount * 100) / 100,
    currency_id: first.currency_id ?? 'ARS',
    description: typeof first.title === 'string' && first.title !== '' ? first.title : 'Producto de prueba',
    external_reference: preference.external_reference,
    metadata: snakeCaseKeys(preference.metadata) as Record<string, unknown>,
    notification_url: preference.notification_url,
    ...(payer ? { payer } : {}),
    ...overrides,
  };
}

/** Converts object keys (recursively) from camelCase to snake_case, as MercadoPago does with `metadata`. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()] = snakeCaseKeys(inner);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
