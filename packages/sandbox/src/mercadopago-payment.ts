import { numberFromText, toMercadoPagoId } from './fake-ids';
import { formatMercadoPagoDate } from './mercadopago-date';

/** What a test gives setPayment: an id, optionally a status and any fields to override. */
export interface PaymentInput {
  id: number | string;
  status?: string;
  [key: string]: unknown;
}

/** A payment as GET /v1/payments/:id answers it. */
export interface MercadoPagoPayment {
  id: number | string;
  status: string;
  status_detail: string;
  [key: string]: unknown;
}

/** The `status_detail` MercadoPago typically pairs with each status. */
export const DEFAULT_STATUS_DETAILS: Readonly<Record<string, string>> = {
  approved: 'accredited',
  pending: 'pending_waiting_payment',
  authorized: 'pending_capture',
  in_process: 'pending_contingency',
  in_mediation: 'in_process',
  rejected: 'cc_rejected_other_reason',
  cancelled: 'expired',
  refunded: 'refunded',
  charged_back: 'settled',
};

/** Statuses that imply the payment was approved at some point, so `date_approved` is set. */
const APPROVED_ONCE = new Set(['approved', 'refunded', 'charged_back', 'in_mediation']);

/** Fills realistic defaults for a new payment of the given collector. */
export function buildDefaultPayment(id: number | string, collectorId: number, now: number): MercadoPagoPayment {
  const key = String(id);
  const date = formatMercadoPagoDate(now);
  const amount = 1000;
  return {
    id: toMercadoPagoId(id),
    status: 'approved',
    status_detail: DEFAULT_STATUS_DETAILS.approved,
    date_created: date,
    date_approved: date,
    date_last_updated: date,
    money_release_date: null,
    operation_type: 'regular_payment',
    payment_method_id: 'visa',
    payment_type_id: 'credit_card',
    currency_id: 'ARS',
    transaction_amount: amount,
    transaction_amount_refunded: 0,
    transaction_details: { net_received_amount: amount, total_paid_amount: amount, installment_amount: amount },
    installments: 1,
    description: 'Producto de prueba',
    external_reference: `order-${key}`,
    payer: { id: String(100_000_000 + numberFromText(`payer:${key}`)), email: `test_user_${key.toLowerCase()}@testuser.com`, first_name: null, last_name: null, type: null },
    collector_id: collectorId,
    metadata: {},
    additional_info: {},
    order: { id: String(20_000_000_000 + numberFromText(`order:${key}`)), type: 'mercadopago' },
    notification_url: null,
    live_mode: false,
    captured: true,
    binary_mode: false,
    refunds: [],
  };
}

/**
 * Creates or updates a payment: fields given win, the rest comes from `previous` (an update) or realistic defaults;
 * `collector_id` is always `collectorId`, the account the payment belongs to.
 * A new status brings its usual `status_detail`, `date_approved` appears on approval, `date_last_updated` moves to now,
 * and a refund sets `transaction_amount_refunded`; `payer` is merged rather than replaced.
 */
export function buildPayment(input: PaymentInput, previous: MercadoPagoPayment | undefined, collectorId: number, now: number): MercadoPagoPayment {
  const base = previous ?? buildDefaultPayment(input.id, collectorId, now);
  const payment: MercadoPagoPayment = { ...base, ...input, id: toMercadoPagoId(input.id), collector_id: collectorId } as MercadoPagoPayment;
  const status = payment.status;
  if (isObject(input.payer) && isObject(base.payer)) payment.payer = { ...base.payer, ...input.payer };
  if (!('status_detail' in input) && (input.status !== undefined || previous === undefined)) {
    payment.status_detail = DEFAULT_STATUS_DETAILS[status] ?? status;
  }
  if (!('date_approved' in input)) {
    payment.date_approved = APPROVED_ONCE.has(status) ? (previous?.date_approved ?? formatMercadoPagoDate(now)) : null;
  }
  if ('transaction_amount' in input && !('transaction_details' in input)) {
    const amount = payment.transaction_amount;
    payment.transaction_details = { net_received_amount: amount, total_paid_amount: amount, installment_amount: amount };
  }
  if (!('date_last_updated' in input)) payment.date_last_updated = formatMercadoPagoDate(now);
  if (!('transaction_amount_refunded' in input)) {
    payment.transaction_amount_refunded = status === 'refunded' ? payment.transaction_amount : (base.transaction_amount_refunded ?? 0);
  }
  return payment;
}

/**
 * Statuses whose payment shows the buyer's email. MercadoPago leaves `payer.email` empty while a payment is not (or no
 * longer) settled, e.g. `in_process` (sdk-php issue #84: the payer object comes back with an empty email) and
 * `pending`; the reference's payment examples show it for approved payments.
 */
const EMAIL_VISIBLE = new Set(['approved', 'refunded', 'charged_back']);

/** The payment as GET /v1/payments/:id answers it: `payer.email` null unless the status shows it (the stored payment keeps it). */
export function answerPayment(payment: MercadoPagoPayment): MercadoPagoPayment {
  if (EMAIL_VISIBLE.has(payment.status) || !isObject(payment.payer)) return payment;
  return { ...payment, payer: { ...payment.payer, email: null } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
