import { MESSAGES, MessageKey } from '../i18n/catalog';
import type { I18n } from '../i18n/translator';

/** MercadoPago's payment statuses, in the order the status filter offers them. */
export const PAYMENT_STATUSES = ['approved', 'pending', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'] as const;

/** A payment status in plain words of the page's language (`in_process` → "in review"); an unknown one as stored. */
export function paymentStatusWord(i18n: I18n, status: string): string {
  const key = `payment.${status}`;
  return key in MESSAGES.en ? i18n.t(key as MessageKey) : status;
}
