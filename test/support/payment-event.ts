import type { NewEvent } from '@ghl-payments/store';
import type { SeedEvent } from './seed-events';

/** A Webhooks-format `payment` notification as the receiver would store it (for inserting events directly). */
export function paymentEvent(notificationId: string, paymentId: number | string): NewEvent {
  return {
    dedupKey: `webhook:payment:${notificationId}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
    action: 'payment.updated', resourceId: String(paymentId), notificationId, requestId: null, signature: 'unchecked',
    payload: JSON.stringify({ id: notificationId, type: 'payment', action: 'payment.updated', data: { id: String(paymentId) } }),
    headers: {}, query: { 'data.id': String(paymentId), type: 'payment' },
  };
}

/** The same notification's event as seedEvents writes it: pending, received and due at `now`. */
export function paymentEventSeed(notificationId: string, paymentId: number | string, now: number): SeedEvent {
  return {
    status: 'pending', topic: 'payment', action: 'payment.updated', resourceId: String(paymentId), notificationId,
    receivedAt: now, nextRetryAt: now, headers: {},
  };
}
