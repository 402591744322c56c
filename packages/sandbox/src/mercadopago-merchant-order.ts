import { numberFromText, toMercadoPagoId } from './fake-ids';
import { formatMercadoPagoDate } from './mercadopago-date';
import { DEFAULT_STATUS_DETAILS, MercadoPagoPayment } from './mercadopago-payment';

/** What a test gives setMerchantOrder: its payments (ids, optionally statuses) and any fields to override. */
export interface MerchantOrderInput {
  id: number | string;
  payments: Array<{ id: number | string; status?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** A merchant order as GET /merchant_orders/:id answers it. */
export interface MercadoPagoMerchantOrder {
  id: number | string;
  status: string;
  payments: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * Fills a merchant order's defaults. Each listed payment takes its amount, status and dates from the stored
 * payment with that id when there is one (else approved, 1000 ARS); totals, `status` and `order_status` follow.
 * `collector.id` is always `collectorId`, the account the order belongs to.
 */
export function buildMerchantOrder(
  input: MerchantOrderInput,
  findPayment: (id: number | string) => MercadoPagoPayment | undefined,
  collectorId: number,
  now: number,
): MercadoPagoMerchantOrder {
  const date = formatMercadoPagoDate(now);
  const payments = input.payments.map((given) => {
    const stored = findPayment(given.id);
    const status = given.status ?? stored?.status ?? 'approved';
    const amount = Number(stored?.transaction_amount ?? 1000);
    return {
      transaction_amount: amount,
      total_paid_amount: amount,
      shipping_cost: 0,
      currency_id: stored?.currency_id ?? 'ARS',
      status,
      status_detail: given.status === undefined && stored ? stored.status_detail : (DEFAULT_STATUS_DETAILS[status] ?? status),
      operation_type: 'regular_payment',
      date_approved: status === 'approved' ? (stored?.date_approved ?? date) : null,
      date_created: stored?.date_created ?? date,
      last_modified: stored?.date_last_updated ?? date,
      amount_refunded: status === 'refunded' ? amount : 0,
      ...given,
      id: toMercadoPagoId(given.id),
    };
  });
  const total = payments.reduce((sum, p) => sum + Number(p.transaction_amount), 0);
  const paid = payments.filter((p) => p.status === 'approved').reduce((sum, p) => sum + Number(p.transaction_amount), 0);
  const refunded = payments.reduce((sum, p) => sum + Number(p.amount_refunded), 0);
  const firstStored = input.payments.length > 0 ? findPayment(input.payments[0].id) : undefined;
  const key = String(input.id);
  const fullyPaid = total > 0 && paid >= total;
  return {
    status: fullyPaid ? 'closed' : 'opened',
    order_status: fullyPaid ? 'paid' : payments.length > 0 ? 'payment_in_process' : 'payment_required',
    external_reference: firstStored?.external_reference ?? `order-${key}`,
    preference_id: `${collectorId}-${numberFromText(`preference:${key}`)}`,
    payer: firstStored?.payer ?? null,
    site_id: 'MLA',
    marketplace: 'NONE',
    notification_url: null,
    items: [],
    shipments: [],
    total_amount: total,
    paid_amount: paid,
    refunded_amount: refunded,
    shipping_cost: 0,
    cancelled: false,
    is_test: true,
    date_created: date,
    last_updated: date,
    ...input,
    id: toMercadoPagoId(input.id),
    collector: { id: collectorId },
    payments,
  };
}
