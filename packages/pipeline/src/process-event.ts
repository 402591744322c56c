import { parseResourceId } from './parse-resource-id';
import { processPayment } from './process-payment';
import { processAuthorizedPayment, processChargeback, processMerchantOrder, processOrder } from './process-related-payments';
import { processSubscription } from './process-subscription';
import type { ProcessEvent } from './process-types';

/**
 * Turns one stored notification into the right GHL actions. `payment`: read, record, run its status's rules once.
 * A merchant order, a chargeback, a subscription's charge or an order: the same for each payment it names. A
 * subscription: its own status's rules. Any other topic is acknowledged and ignored with the reason.
 */
export const processEvent: ProcessEvent = async (event, ctx) => {
  ctx.logger.debug('processing event', { eventId: event.id, topic: event.topic, resourceId: event.resourceId, attempt: event.attempts });
  switch (event.topic) {
    case 'payment': {
      const { payment, summary, ignored } = await processPayment(parseResourceId(event.resourceId, 'payment'), event, ctx);
      return ignored ? { status: 'ignored', reason: ignored, paymentId: payment.id } : { status: 'success', paymentId: payment.id, summary };
    }
    case 'merchant_order':
      return processMerchantOrder(parseResourceId(event.resourceId, 'merchant order'), event, ctx);
    case 'chargeback':
      return processChargeback(parseResourceId(event.resourceId, 'chargeback'), event, ctx);
    case 'subscription_preapproval':
      return processSubscription(parseResourceId(event.resourceId, 'subscription'), event, ctx);
    case 'subscription_authorized_payment':
      return processAuthorizedPayment(parseResourceId(event.resourceId, 'subscription charge'), event, ctx);
    case 'order':
      return processOrder(parseResourceId(event.resourceId, 'order'), event, ctx);
    default:
      // subscription_preapproval_plan, fraud alerts, card updates, claims, Point, mp-connect …
      return { status: 'ignored', reason: `topic ${event.topic} has nothing to do in GoHighLevel: acknowledged and kept` };
  }
};
