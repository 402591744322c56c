import type { Store } from '@ghl-payments/store';
import { seedEvent, seedPayment } from './seed-events';

/** What seedBuyerEverywhere stored, to check afterwards. */
export interface SeededBuyer {
  paymentIds: number[];
  /** Events whose stored request is about the buyer (linked, by resource id, or quoting the address). */
  eventIds: number[];
  /** An event of another buyer, which an erasure must leave as it is. */
  otherEventId: number;
  otherPaymentId: number;
}

/**
 * Stores one buyer's email address everywhere this product may keep it, in mixed case here and there: two payments
 * (payer email, raw JSON with the payer's names), a subscription, the events about them (linked by payment_id, by
 * resource_id, and one that only quotes the address), error texts, an attempt, a rule action's note, the contact
 * cache, a payment link's title, an upstream pause and a sweep's error. And another buyer, who must stay.
 */
let seeded = 0;

export async function seedBuyerEverywhere(db: Store, email: string, other = 'otro.comprador@example.net', at = 1_700_000_000_000): Promise<SeededBuyer> {
  // ids of their own for each call (the first call in a process: payments 7100001, 7100002, 7100009)
  const n = seeded;
  seeded += 1;
  const id = (last: string) => `71${n}000${last}`;
  const upper = email.toUpperCase();
  const raw = (id: string, address: string) => JSON.stringify({
    id: Number(id), status: 'approved', payer: { email: address, first_name: 'Ana', last_name: 'Pérez', identification: { type: 'DNI', number: '30111222' } },
  });
  const first = await seedPayment(db, { mpPaymentId: id('1'), payerEmail: email, raw: raw(id('1'), email) }, at);
  const second = await seedPayment(db, { mpPaymentId: id('2'), payerEmail: upper, raw: raw(id('2'), upper), description: `Curso para ${email}` }, at);
  const otherPaymentId = await seedPayment(db, { mpPaymentId: id('9'), payerEmail: other, raw: raw(id('9'), other) }, at);
  await db.recordSubscriptionState({
    mpPreapprovalId: `pre-${id('0')}`, status: 'authorized', reason: 'Plan mensual', externalReference: null, payerEmail: email, amount: 10,
    currency: 'ARS', lastModified: null, raw: JSON.stringify({ id: `pre-${id('0')}`, payer_email: email }),
  }, null, at);
  const headers = { 'x-request-id': 'r-1', 'content-type': 'application/json' };
  const eventIds = [
    await seedEvent(db, { status: 'success', resourceId: id('1'), paymentId: first, receivedAt: at, headers }),
    await seedEvent(db, {
      status: 'failed', resourceId: id('2'), receivedAt: at, lastError: `GoHighLevel refused the contact ${upper}: duplicate`,
      history: [{ outcome: 'failed', startedAt: at, error: `upsert of ${email} answered 422` }],
    }),
    await seedEvent(db, { status: 'success', topic: 'subscription_preapproval', resourceId: `pre-${id('0')}`, receivedAt: at }),
    await seedEvent(db, { status: 'ignored', topic: 'merchant_order', resourceId: `99${id('1')}`, receivedAt: at, payload: JSON.stringify({ payer: { email } }) }),
  ];
  const otherEventId = await seedEvent(db, { status: 'success', resourceId: id('9'), paymentId: otherPaymentId, receivedAt: at });
  await db.knex('webhook_events').where('id', eventIds[0]).update({ summary: `tagged the contact of ${email}` });
  await db.rememberContact('loc-1', email, 'contact-ana', at);
  await db.rememberContact('loc-1', other, 'contact-otro', at);
  await db.knex('rule_actions').insert({
    subject: `payment:${id('1')}`, status: 'approved', round: 1, rule: 'nota', action_index: 0, kind: 'add_note', contact_id: 'contact-ana',
    state: 'applied', event_id: eventIds[0], detail: JSON.stringify({ note: `Pago de ${email} aprobado` }), created_at: at, applied_at: at,
  });
  await db.knex('payment_links').insert({
    account: 'default', preference_id: `pref-${id('1')}`, contact_id: 'contact-ana', title: `Curso (${upper})`, amount: 10, currency: 'ARS', quantity: 1,
    external_reference: `ref-${id('1')}`, init_point: `https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=pref-${id('1')}`, source: 'api',
    created_at: at, updated_at: at,
  });
  await db.recordUpstreamPause({ service: 'ghl', until: at + 3_600_000, reason: `contact ${email} is locked` }, at);
  await db.recordReconciliation({
    startedAt: at, finishedAt: at + 1, windowStart: at - 1, windowEnd: at, pages: 1, checked: 1, missing: 0, changed: 0, queued: 0, errors: 1,
    dryRun: false, runBy: 'worker', error: `payment of ${email} could not be read`,
  });
  return { paymentIds: [first, second], eventIds, otherEventId, otherPaymentId };
}
