import { randomBytes } from 'node:crypto';

/** An order's or an order payment's status. Source: Orders API "Order status" / "Transaction status" pages. */
export type OrderStatus = 'created' | 'processing' | 'action_required' | 'processed' | 'failed' | 'cancelled' | 'refunded' | 'expired';

/** What a test gives setOrder: its id (`ORD01…`), optionally a status, its payments and any fields to override. */
export interface OrderInput {
  id: string;
  status?: OrderStatus | string;
  /** Default: one payment for the whole amount with the order's status. */
  payments?: Array<{ id?: string; status?: string; amount?: number | string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/**
 * An Orders API order as GET /v1/orders/:id answers it. Sources: the Orders API reference (reference/orders/
 * online-payments/get-order) and its guides' examples, the Node SDK's `OrderResponse` (clients/order/commonTypes.d.ts):
 * ids are `ORD01…` and `PAY01…` strings, amounts are decimal strings (`"100.00"`), dates ISO 8601 in UTC.
 */
export interface MercadoPagoOrder {
  id: string;
  status: string;
  transactions: { payments: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

/** The status_detail MercadoPago pairs with each order status in its examples. */
const ORDER_STATUS_DETAILS: Readonly<Record<string, string>> = {
  created: 'created', processing: 'in_process', action_required: 'waiting_payment', processed: 'accredited',
  failed: 'failed', cancelled: 'canceled', refunded: 'refunded', expired: 'expired',
};
const PAID = new Set(['processed', 'refunded']);
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh id in MercadoPago's Orders style: prefix + 26 Crockford base-32 characters, e.g. `ORD01JQ4S4KY8HWQ6NA5PXB65B3D3`. */
export function newOrdersApiId(prefix: 'ORD01' | 'PAY01'): string {
  return prefix + Array.from(randomBytes(26), (byte) => CROCKFORD[byte % 32]).join('');
}

/**
 * Fills an order's defaults: totals from its payments, `status_detail` from the status, one `PAY01…` payment when none
 * is given; `user_id` is always `collectorId` (as text), the account the order belongs to.
 */
export function buildOrder(input: OrderInput, previous: MercadoPagoOrder | undefined, collectorId: number, now: number): MercadoPagoOrder {
  const status = input.status ?? previous?.status ?? 'processed';
  const date = new Date(now).toISOString();
  const givenPayments = input.payments ?? (previous ? undefined : [{}]);
  const payments = givenPayments
    ? givenPayments.map(({ amount: givenAmount, ...given }) => {
      const paymentStatus = given.status ?? status;
      const amount = decimalText(givenAmount ?? 1000);
      return {
        id: given.id ?? `PAY01${input.id.slice(5)}`,
        paid_amount: PAID.has(paymentStatus) ? amount : '0.00',
        reference_id: randomBytes(5).toString('hex'),
        status: paymentStatus,
        status_detail: ORDER_STATUS_DETAILS[paymentStatus] ?? paymentStatus,
        payment_method: { id: 'master', type: 'credit_card', installments: 1 },
        ...given,
        amount,
      };
    })
    : previous!.transactions.payments;
  const total = payments.reduce((sum, p) => sum + Number(p.amount), 0);
  const paid = payments.reduce((sum, p) => sum + Number(p.paid_amount ?? 0), 0);
  const base = previous ?? {
    id: input.id,
    type: 'online',
    processing_mode: 'automatic',
    external_reference: `order-${input.id}`,
    description: 'Producto de prueba',
    country_code: 'ARG',
    user_id: String(collectorId),
    capture_mode: 'automatic_async',
    created_date: date,
    integration_data: { application_id: '1234567890123456' },
    currency: 'ARS',
    payer: { email: `test_user_${input.id.slice(-8).toLowerCase()}@testuser.com` },
    items: [],
  };
  return {
    ...base,
    status,
    status_detail: ORDER_STATUS_DETAILS[status] ?? status,
    total_amount: decimalText(total),
    total_paid_amount: decimalText(paid),
    last_updated_date: date,
    ...withoutPayments(input),
    id: input.id,
    user_id: String(collectorId),
    transactions: { payments },
  } as MercadoPagoOrder;
}

function withoutPayments(input: OrderInput): Record<string, unknown> {
  const { payments: _payments, status: _status, ...rest } = input;
  return rest;
}

function decimalText(value: number | string): string {
  return Number(value).toFixed(2);
}
