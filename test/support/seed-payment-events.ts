import type { E2eHarness } from './e2e-harness';
import { paymentEventSeed } from './payment-event';
import { seedEvents } from './seed-events';

/**
 * Makes `count` approved payments in the fake MercadoPago (ids from `firstPaymentId`, one buyer each) and stores one
 * Webhooks-format event per payment, due now, written in batches. Returns the event ids in payment order.
 */
export async function seedPaymentEvents(h: E2eHarness, count: number, firstPaymentId: number): Promise<number[]> {
  const now = Date.now();
  for (let i = 0; i < count; i += 1) h.mp.setPayment({ id: firstPaymentId + i, status: 'approved', payer: { email: `buyer${firstPaymentId + i}@example.com` } });
  return seedEvents(h.t.db, Array.from({ length: count }, (_, i) => paymentEventSeed(`seed-${firstPaymentId + i}`, firstPaymentId + i, now)));
}
