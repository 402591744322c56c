import type { PaymentRecord } from '@ghl-payments/store';
import type { MpPayment } from './mercadopago-schemas';

/** Trims a text field to null when empty, and to the column's size. */
export function cleanText(value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}

/** The buyer's name from MercadoPago's `payer.first_name` and `payer.last_name` (either may be empty or null); null for none. */
export function readPayerName(payer: MpPayment['payer']): string | null {
  const parts = [payer?.first_name, payer?.last_name].map((part) => part?.replace(/\s+/g, ' ').trim()).filter(Boolean);
  return cleanText(parts.join(' '), 256);
}

/** Maps a validated MercadoPago payment to the row the store keeps (status lower-cased, amount as a number, raw JSON). */
export function mapMpPayment(payment: MpPayment): PaymentRecord {
  const amount = payment.transaction_amount;
  return {
    mpPaymentId: String(payment.id),
    status: payment.status.trim().toLowerCase(),
    statusDetail: cleanText(payment.status_detail, 128),
    amount: amount === null || amount === undefined ? null : Number(amount),
    currency: cleanText(payment.currency_id, 8),
    description: cleanText(payment.description, 512),
    externalReference: cleanText(payment.external_reference, 256),
    payerEmail: cleanText(payment.payer?.email, 320),
    payerName: readPayerName(payment.payer),
    dateCreated: cleanText(payment.date_created, 40),
    dateApproved: cleanText(payment.date_approved, 40),
    dateLastUpdated: cleanText(payment.date_last_updated, 40),
    raw: JSON.stringify(payment),
  };
}
