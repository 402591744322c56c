import { randomUUID } from 'node:crypto';
import { formatMercadoPagoDate } from './mercadopago-date';
import { PaymentInput } from './mercadopago-payment';

/** A Checkout Pro preference as POST /checkout/preferences answers it. */
export interface MercadoPagoPreference {
  id: string;
  init_point: string;
  sandbox_init_point: string;
  external_reference: string;
  items: Array<Record<string, unknown>>;
  metadata: Record<string, unknown>;
  notification_url: string | null;
  [key: string]: unknown;
}

/** Validates a preference request body and builds the preference; a string is the reason it was rejected. */
export function buildPreference(body: unknown, baseUrl: string, collectorId: number, now: number): MercadoPagoPreference | string {
  if (!isObject(body)) return 'request body must be a JSON object';
  const items = body.items;
  if (!Array.isArray(items) || items.length === 0) return 'items needed';
  for (const item of items) {
    if (!isObject(item)) return 'items must be objects';
    if (typeof item.unit_price !== 'number' || !(item.unit_price > 0)) return 'unit_price invalid';
    if (item.quantity !== undefined && (!Number.isInteger(item.quantity) || (item.quantity as number) < 1)) return 'quantity invalid';
  }
  const id = `${collectorId}-${randomUUID()}`;
  const initPoint = `${baseUrl}/checkout/v1/redirect?pref_id=${id}`;
  return {
    ...body,
    id,
    init_point: initPoint,
    sandbox_init_point: initPoint,
    collector_id: collectorId,
    client_id: String(collectorId),
    operation_type: 'regular_payment',
    marketplace: 'NONE',
    date_created: formatMercadoPagoDate(now),
    items: items.map((item: Record<string, unknown>) => ({ quantity: 1, currency_id: 'ARS', title: '', ...item })),
    external_reference: typeof body.external_reference === 'string' ? body.external_reference : '',
    metadata: isObject(body.metadata) ? body.metadata : {},
    notification_url: typeof body.notification_url === 'string' ? body.notification_url : null,
  };
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
