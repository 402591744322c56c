import type { NewEvent } from '@ghl-payments/store';

/** A Webhooks-format `payment` notification as the receiver would store it (for inserting events directly). */
export function paymentEvent(notificationId: string, paymentId: number | string): NewEvent {
  return {
    dedupKey: `webhook:payment:${notificationId}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
    action: 'payment.updated', resourceId: String(paymentId), notificationId, requestId: null, signature: 'unchecked',
    payload: JSON.stringify({ id: notificationId, type: 'payment', action: 'payment.updated', data: { id: String(paymentId) } }),
    headers: {}, query: { 'data.id': String(paymentId), type: 'payment' },
  };
}
