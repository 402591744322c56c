import { Database, insertEvent } from '@ghl-payments/store';
import type { E2eHarness } from './e2e-harness';

/**
 * Makes `count` approved payments in the fake MercadoPago (ids from `firstPaymentId`, one buyer each) and stores one
 * Webhooks-format event per payment, due now, in one transaction. Returns the event ids in payment order.
 */
export async function seedPaymentEvents(h: E2eHarness, count: number, firstPaymentId: number): Promise<number[]> {
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) h.mp.setPayment({ id: firstPaymentId + i, status: 'approved', payer: { email: `buyer${firstPaymentId + i}@example.com` } });
  await h.t.db.knex.transaction(async (trx) => {
    const tx: Database = { ...h.t.db, knex: trx };
    for (let i = 0; i < count; i += 1) {
      const paymentId = String(firstPaymentId + i);
      const notificationId = `seed-${paymentId}`;
      const { id } = await insertEvent(tx, {
        dedupKey: `webhook:payment:${notificationId}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
        action: 'payment.updated', resourceId: paymentId, notificationId, requestId: null, signature: 'unchecked',
        payload: JSON.stringify({ id: notificationId, type: 'payment', action: 'payment.updated', data: { id: paymentId } }),
        headers: {}, query: { 'data.id': paymentId, type: 'payment' },
      }, now);
      ids.push(id);
    }
  });
  return ids;
}
