import { toMercadoPagoId } from './fake-ids';
import { formatMercadoPagoDate } from './mercadopago-date';
import { DEFAULT_STATUS_DETAILS, MercadoPagoPayment } from './mercadopago-payment';
import { MercadoPagoPreapproval } from './mercadopago-preapproval';

/** What a test gives setAuthorizedPayment: its id, its subscription, optionally its payment and any fields to override. */
export interface AuthorizedPaymentInput {
  id: number | string;
  preapproval_id: string;
  /** The payment this invoice collected; its status comes from the stored payment unless given. */
  payment?: { id: number | string; status?: string; status_detail?: string } | null;
  [key: string]: unknown;
}

/**
 * A subscription invoice as GET /authorized_payments/:id answers it. Source: the API reference of GET
 * /authorized_payments/{id} (statuses `scheduled`, `processed`, `recycling`, `cancelled`; `payment` holds the
 * collected payment's `id`, `status` and `status_detail`) and the Node SDK's `InvoiceResponse`.
 */
export interface MercadoPagoAuthorizedPayment {
  id: number | string;
  preapproval_id: string;
  status: string;
  payment: { id: number | string; status: string; status_detail: string } | null;
  [key: string]: unknown;
}

/** Fills an invoice's defaults from its stored subscription (amount, currency, reason, reference) and payment (status). */
export function buildAuthorizedPayment(
  input: AuthorizedPaymentInput,
  findPreapproval: (id: string) => MercadoPagoPreapproval | undefined,
  findPayment: (id: number | string) => MercadoPagoPayment | undefined,
  now: number,
): MercadoPagoAuthorizedPayment {
  const subscription = findPreapproval(input.preapproval_id);
  const recurring = subscription?.auto_recurring ?? {};
  const date = formatMercadoPagoDate(now);
  let payment: MercadoPagoAuthorizedPayment['payment'] = null;
  if (input.payment) {
    const stored = findPayment(input.payment.id);
    const status = input.payment.status ?? stored?.status ?? 'approved';
    payment = {
      id: toMercadoPagoId(input.payment.id),
      status,
      status_detail: input.payment.status_detail ?? (input.payment.status === undefined ? stored?.status_detail : undefined) ?? DEFAULT_STATUS_DETAILS[status] ?? status,
    };
  }
  return {
    type: 'scheduled',
    date_created: date,
    last_modified: date,
    reason: subscription?.reason ?? 'Suscripción de prueba',
    external_reference: subscription?.external_reference ?? null,
    currency_id: recurring.currency_id ?? 'ARS',
    transaction_amount: recurring.transaction_amount ?? 1000,
    debit_date: date,
    retry_attempt: payment ? 1 : 0,
    status: payment ? 'processed' : 'scheduled',
    summarized: payment?.status === 'approved' ? 'charged' : 'pending',
    payer_id: subscription?.payer_id ?? null,
    ...input,
    id: toMercadoPagoId(input.id),
    preapproval_id: input.preapproval_id,
    payment,
  };
}
