import type { WebhookEvent } from '@ghl-payments/store';
import { combinePaymentErrors, PaymentFailure } from './combine-errors';
import { parseResourceId } from './parse-resource-id';
import { PaymentResult, processPayment } from './process-payment';
import type { ProcessContext, ProcessOutcome } from './process-types';

/**
 * Reads a merchant order and processes each of its payments. Any payment's failure makes the whole event fail
 * (after trying the others); payments already tagged are skipped on the retry thanks to the tag ledger.
 */
export async function processMerchantOrder(orderId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const order = await ctx.clients.mercadopago.getMerchantOrder(orderId);
  const paymentIds = [...new Set((order.payments ?? []).map((p) => parseResourceId(String(p.id), 'payment')))];
  ctx.logger.debug('merchant order read from MercadoPago', { eventId: event.id, orderId, payments: paymentIds });
  if (paymentIds.length === 0) return { status: 'ignored', reason: `merchant order ${orderId} has no payments yet` };

  const results: PaymentResult[] = [];
  const failures: PaymentFailure[] = [];
  for (const mpPaymentId of paymentIds) {
    try {
      results.push(await processPayment(mpPaymentId, event, ctx));
    } catch (error) {
      failures.push({ mpPaymentId, error });
    }
  }
  if (failures.length > 0) throw combinePaymentErrors(`merchant order ${orderId}`, failures);
  return {
    status: 'success',
    paymentId: results[0].payment.id,
    summary: `merchant order ${orderId}: ${results.map((r) => r.summary).join('; ')}`,
  };
}
