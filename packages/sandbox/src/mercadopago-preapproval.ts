import { numberFromText } from './fake-ids';
import { formatMercadoPagoDate } from './mercadopago-date';

/** A subscription's status. Source: the API reference of GET /preapproval/{id} (`pending`, `authorized`, `paused`, `cancelled`). */
export type PreapprovalStatus = 'pending' | 'authorized' | 'paused' | 'cancelled';

/** What a test gives setPreapproval: an id, optionally a status and any fields to override. */
export interface PreapprovalInput {
  id: string;
  status?: PreapprovalStatus | string;
  [key: string]: unknown;
}

/**
 * A subscription as GET /preapproval/:id answers it. Source: the API reference of GET /preapproval/{id} and the Node
 * SDK's `PreApprovalResponse` (clients/preApproval/commonTypes.d.ts): `payer_email`, `external_reference`, `reason`,
 * `auto_recurring.transaction_amount` / `currency_id`, `last_modified`.
 */
export interface MercadoPagoPreapproval {
  id: string;
  status: string;
  auto_recurring: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Creates or updates a subscription: fields given win, the rest comes from `previous` or realistic defaults;
 * `auto_recurring` is merged rather than replaced and `last_modified` moves to now; `collector_id` is always
 * `collectorId`, the account the subscription belongs to.
 */
export function buildPreapproval(input: PreapprovalInput, previous: MercadoPagoPreapproval | undefined, collectorId: number, baseUrl: string, now: number): MercadoPagoPreapproval {
  const date = formatMercadoPagoDate(now);
  const base: MercadoPagoPreapproval = previous ?? {
    id: input.id,
    payer_id: 100_000_000 + numberFromText(`payer:${input.id}`),
    payer_email: `test_user_${numberFromText(`payer:${input.id}`)}@testuser.com`,
    back_url: 'https://www.mercadopago.com.ar',
    collector_id: collectorId,
    application_id: 1_234_567_890_123_456,
    status: 'authorized',
    reason: 'Suscripción de prueba',
    external_reference: `subscription-${input.id}`,
    date_created: date,
    last_modified: date,
    init_point: `${baseUrl}/subscriptions/checkout?preapproval_id=${input.id}`,
    auto_recurring: { frequency: 1, frequency_type: 'months', transaction_amount: 1000, currency_id: 'ARS', start_date: date, free_trial: null },
    summarized: { quotas: null, charged_quantity: null, pending_charge_quantity: null, charged_amount: null, pending_charge_amount: null, semaphore: null, last_charged_date: null, last_charged_amount: null },
    next_payment_date: formatMercadoPagoDate(now + 30 * 86_400_000),
    payment_method_id: 'visa',
    first_invoice_offset: null,
  };
  const recurring = isObject(input.auto_recurring) ? { ...base.auto_recurring, ...input.auto_recurring } : base.auto_recurring;
  return { ...base, last_modified: date, ...input, id: input.id, collector_id: collectorId, auto_recurring: recurring } as MercadoPagoPreapproval;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
