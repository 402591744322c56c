import { createHmac } from 'node:crypto';
import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createApp } from '@ghl-payments/receiver';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

// Security review item: MercadoPago's signature covers `id:<data.id>;request-id:<x-request-id>;ts:<ts>;` only, so a
// captured signed request replayed with another body `id` (the notification id) used to become a new event.
// Signed notifications are now keyed on what the signature covers too, and must name the signed data.id.

const SECRET = 'review-webhook-secret-9b1c';
const TS = '1742505638683';

function sign(dataId: string | undefined, requestId: string, ts = TS): string {
  const manifest = `${dataId === undefined ? '' : `id:${dataId};`}request-id:${requestId};ts:${ts};`;
  return `ts=${ts},v1=${createHmac('sha256', SECRET).update(manifest).digest('hex')}`;
}

const body = (notificationId: string | number, paymentId: string, type = 'payment') => ({
  id: notificationId, live_mode: true, type, action: 'payment.updated', api_version: 'v1', data: { id: paymentId },
});

interface Captured { query: string; requestId: string; signature: string }

describe('replaying a captured signed notification', () => {
  let t: TestDatabase;
  let now = Number(TS);
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = createApp({ store: t.db, config: loadConfig({ DATABASE_URL: t.url, MP_WEBHOOK_SECRET: SECRET }), logger: createSilentLogger(), now: () => now });
  });
  afterAll(async () => { await t.destroy(); });
  beforeEach(async () => { await t.db.knex('webhook_events').del(); });

  const send = (c: Captured, payload: unknown, extra: Record<string, string> = {}) => {
    let req = request(app).post(`/webhooks/mp?${c.query}`).set('x-request-id', c.requestId).set('x-signature', c.signature);
    for (const [k, v] of Object.entries(extra)) req = req.set(k, v);
    return req.send(payload as object);
  };
  const rows = () => t.db.knex('webhook_events').orderBy('id');

  it('with another notification id, type or action is a duplicate of the event that waits', async () => {
    const captured: Captured = { query: 'data.id=20559391&type=payment', requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', signature: sign('20559391', 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e') };
    const original = await send(captured, body(12345, '20559391'));
    expect(original.body.status).toBe('received');
    const replays = [
      await send(captured, body(12346, '20559391')),
      await send(captured, body('forged-2', '20559391')),
      await send(captured, { ...body(12347, '20559391'), action: 'payment.created' }),
      await send({ ...captured, query: 'data.id=20559391&type=merchant_order' }, body(12348, '20559391', 'merchant_order')),
      await send(captured, { id: 12349, type: 'payment' }), // no data in the body at all
    ];
    expect(replays.map((r) => [r.status, r.body.status, r.body.id])).toEqual(replays.map(() => [200, 'duplicate', original.body.id]));
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      dedup_key: 'webhook:payment:12345', pending_key: 'webhook:signed:20559391:bb56a2f1-6aae-46ac-982e-9dcd3581d08e', signature: 'valid', notification_id: '12345',
    });
    expect(Number(stored[0].duplicates)).toBe(5);
  });

  it('with the body naming another payment is refused with 400 and one clear reason', async () => {
    const captured: Captured = { query: 'data.id=20559391&type=payment', requestId: 'rq-a', signature: sign('20559391', 'rq-a') };
    const res = await send(captured, body(1, '99999999'));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'the body\'s data.id does not match the signed data.id in the query' });
    expect(await rows()).toHaveLength(0);
  });

  it('of a topic_merchant_order_wh (signed without data.id) with another order id is a duplicate forever, not a new order', async () => {
    const captured: Captured = { query: 'type=topic_merchant_order_wh', requestId: 'rq-mo', signature: sign(undefined, 'rq-mo') };
    const order = (id: string) => ({ action: 'update', data: { status: 'opened' }, id, type: 'topic_merchant_order_wh' });
    const original = await send(captured, order('26262399173'));
    expect(original.status).toBe(200);
    await t.db.knex('webhook_events').update({ status: 'success', pending_key: null }); // long processed
    const replay = await send(captured, order('11111111111'));
    expect(replay.body).toEqual({ status: 'duplicate', id: original.body.id });
    expect((await rows()).map((r) => [r.resource_id, r.dedup_key])).toEqual([['26262399173', 'webhook:signed:-:rq-mo']]);
  });

  it('keeps MercadoPago\'s redelivery a duplicate and a new notification about the same payment a new event', async () => {
    const first: Captured = { query: 'data.id=777&type=payment', requestId: 'rq-first', signature: sign('777', 'rq-first') };
    const a = await send(first, body(5001, '777'));
    const redelivery = await send(first, body(5001, '777'), { 'x-retry': '1' });
    const later: Captured = { query: 'data.id=777&type=payment', requestId: 'rq-later', signature: sign('777', 'rq-later') };
    const b = await send(later, body(5002, '777'));
    expect(redelivery.body).toEqual({ status: 'duplicate', id: a.body.id });
    expect(b.body.status).toBe('received');
    expect(await rows()).toHaveLength(2);
  });

  it('a forged signature on a captured request id is still refused', async () => {
    const res = await send({ query: 'data.id=777&type=payment', requestId: 'rq-first', signature: `ts=${TS},v1=${'0'.repeat(64)}` }, body(1, '777'));
    expect(res.status).toBe(401);
  });

  it('without MP_SIGNATURE_TOLERANCE, once processed: the same body stays a duplicate, another body re-reads the same payment', async () => {
    const captured: Captured = { query: 'data.id=888&type=payment', requestId: 'rq-late', signature: sign('888', 'rq-late') };
    const original = await send(captured, body(1, '888'));
    now += 30 * 86_400_000;
    try {
      await t.db.knex('webhook_events').update({ status: 'success', pending_key: null }); // the worker took it long ago
      expect((await send(captured, body(1, '888'))).body).toEqual({ status: 'duplicate', id: original.body.id });
      // the known limit without a second permanent key in the store: one new event, about the signed payment only,
      // and the replays that follow collapse onto it while it waits
      const again = await send(captured, body(2, '888'));
      const more = await Promise.all([3, 4, 5].map((n) => send(captured, body(n, '888'))));
      expect(again.body.status).toBe('received');
      expect(more.map((r) => r.body)).toEqual(more.map(() => ({ status: 'duplicate', id: again.body.id })));
      expect((await rows()).map((r) => r.resource_id)).toEqual(['888', '888']);
    } finally {
      now = Number(TS);
    }
  });
});

describe('replaying with MP_SIGNATURE_TOLERANCE set', () => {
  it('is refused with 401 once the signed ts is outside the window', async () => {
    const t = await createTestDatabase();
    let now = Number(TS);
    const app = createApp({
      store: t.db, config: loadConfig({ DATABASE_URL: t.url, MP_WEBHOOK_SECRET: SECRET, MP_SIGNATURE_TOLERANCE: '5m' }), logger: createSilentLogger(), now: () => now,
    });
    try {
      const post = (notificationId: number) => request(app).post('/webhooks/mp?data.id=999&type=payment')
        .set('x-request-id', 'rq-w').set('x-signature', sign('999', 'rq-w')).send(body(notificationId, '999'));
      expect((await post(1)).body.status).toBe('received');
      now += 4 * 60_000;
      expect((await post(2)).body.status).toBe('duplicate'); // inside the window: the dedup key catches it
      now += 2 * 60_000;
      const late = await post(3);
      expect(late.status).toBe(401);
      expect(late.body).toEqual({ error: 'invalid or missing x-signature' });
      expect(Number((await t.db.knex('webhook_events').count({ n: '*' }).first())?.n)).toBe(1);
    } finally {
      await t.destroy();
    }
  });
});
