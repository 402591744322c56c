import type { WebhookEvent } from '@ghl-payments/store';
import { combinePaymentErrors, PaymentFailure } from './combine-errors';
import { parseResourceId } from './parse-resource-id';
import { PaymentResult, processOrderPayment, processPayment } from './process-payment';
import type { ProcessContext, ProcessOutcome } from './process-types';

/**
 * Processes each payment a MercadoPago resource names (a merchant order, a chargeback, a subscription's charge, an
 * order) as a payment notification would. Any payment's failure makes the whole event fail (after trying the others);
 * the actions already done are skipped on the retry thanks to the action ledger.
 */
export async function processPaymentList(label: string, rawIds: ReadonlyArray<string | number>, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const paymentIds = [...new Set(rawIds.map((id) => parseResourceId(String(id), 'payment')))];
  ctx.logger.debug(`${label} read from MercadoPago`, { eventId: event.id, payments: paymentIds });
  if (paymentIds.length === 0) return { status: 'ignored', reason: `${label} has no payments yet` };
  const results: PaymentResult[] = [];
  const failures: PaymentFailure[] = [];
  for (const mpPaymentId of paymentIds) {
    try {
      results.push(await processPayment(mpPaymentId, event, ctx));
    } catch (error) {
      failures.push({ mpPaymentId, error });
    }
  }
  if (failures.length > 0) throw combinePaymentErrors(label, failures);
  return { status: 'success', paymentId: results[0].payment.id, summary: `${label}: ${results.map((r) => r.summary).join('; ')}` };
}

/** `merchant_order`: each of the order's payments. */
export async function processMerchantOrder(orderId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const order = await ctx.clients.mercadopago.getMerchantOrder(orderId);
  return processPaymentList(`merchant order ${orderId}`, (order.payments ?? []).map((p) => p.id), event, ctx);
}

/** `chargeback`: the charged-back payments, whose status MercadoPago now reports as charged_back (or back to approved when covered). */
export async function processChargeback(chargebackId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const chargeback = await ctx.clients.mercadopago.getChargeback(chargebackId);
  return processPaymentList(`chargeback ${chargebackId}`, chargeback.payments ?? [], event, ctx);
}

/** `subscription_authorized_payment`: one charge of a subscription; its payment once MercadoPago has made it. */
export async function processAuthorizedPayment(authorizedPaymentId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const charge = await ctx.clients.mercadopago.getAuthorizedPayment(authorizedPaymentId);
  const paymentId = charge.payment?.id;
  return processPaymentList(`subscription charge ${authorizedPaymentId}`, paymentId === null || paymentId === undefined ? [] : [paymentId], event, ctx);
}

/** `order` (Orders API): the order recorded and processed as one payment (see processOrderPayment). */
export async function processOrder(orderId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const { payment, summary, ignored } = await processOrderPayment(orderId, event, ctx);
  return ignored ? { status: 'ignored', reason: ignored, paymentId: payment.id } : { status: 'success', paymentId: payment.id, summary };
}
