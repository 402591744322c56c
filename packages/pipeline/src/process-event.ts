import { parseResourceId } from './parse-resource-id';
import { processMerchantOrder } from './process-merchant-order';
import { processPayment } from './process-payment';
import type { ProcessEvent } from './process-types';

/**
 * Turns one stored notification into the right GHL action. `payment`: read, record, resolve the contact, tag once.
 * `merchant_order`: the same for each of its payments. Anything else is ignored with the reason.
 */
export const processEvent: ProcessEvent = async (event, ctx) => {
  ctx.logger.debug('processing event', { eventId: event.id, topic: event.topic, resourceId: event.resourceId, attempt: event.attempts });
  switch (event.topic) {
    case 'payment': {
      const { payment, summary } = await processPayment(parseResourceId(event.resourceId, 'payment'), event, ctx);
      return { status: 'success', paymentId: payment.id, summary };
    }
    case 'merchant_order':
      return processMerchantOrder(parseResourceId(event.resourceId, 'merchant order'), event, ctx);
    default:
      return { status: 'ignored', reason: `topic ${event.topic} is not handled` };
  }
};
