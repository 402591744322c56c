import { toMercadoPagoId } from './fake-ids';
import { formatMercadoPagoDate } from './mercadopago-date';
import { MercadoPagoPayment } from './mercadopago-payment';

/** What a test gives setChargeback: its id, the ids of the payments it disputes, and any fields to override. */
export interface ChargebackInput {
  id: number | string;
  payments: Array<number | string>;
  [key: string]: unknown;
}

/**
 * A chargeback as GET /v1/chargebacks/:id answers it. Source: the API reference "Chargebacks" (reference/chargebacks/
 * _chargebacks_id/get): `id` is a string, `payments` the disputed payment ids (integers). The Node SDK's
 * `ChargebackResponse` type shows a single `payment_id` instead; the reference's `payments` array is what is served.
 */
export interface MercadoPagoChargeback {
  id: string;
  payments: Array<number | string>;
  [key: string]: unknown;
}

const DOCUMENTATION_DAYS = 10;

/** Fills a chargeback's defaults: amount and currency from the first disputed payment when it is stored. */
export function buildChargeback(
  input: ChargebackInput,
  findPayment: (id: number | string) => MercadoPagoPayment | undefined,
  now: number,
): MercadoPagoChargeback {
  const first = input.payments.length > 0 ? findPayment(input.payments[0]) : undefined;
  const date = formatMercadoPagoDate(now);
  return {
    currency: first?.currency_id ?? 'ARS',
    amount: Number(first?.transaction_amount ?? 1000),
    coverage_applied: false,
    coverage_elegible: true,
    documentation_required: true,
    documentation_status: 'pending',
    documentation: [],
    date_documentation_deadline: formatMercadoPagoDate(now + DOCUMENTATION_DAYS * 86_400_000),
    date_created: date,
    date_last_updated: date,
    live_mode: false,
    ...input,
    id: String(input.id),
    payments: input.payments.map(toMercadoPagoId),
  };
}
