import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { asIs, createReceiverFixture, ReceiverFixture, SECRET, signHeader } from './helpers/receiver-fixture';

const webhookBody = (notificationId: number | string, paymentId: string, action = 'payment.created') => ({
  id: notificationId, live_mode: true, type: 'payment', date_created: '2015-03-25T10:04:58.396-04:00',
  user_id: 44444, api_version: 'v1', action, data: { id: paymentId },
});

describe('POST /webhooks/mp without a webhook secret', () => {
  let f: ReceiverFixture;
  beforeAll(async () => { f = await createReceiverFixture({}, () => 1_700_000_000_000); });
  afterAll(async () => { await f.t.destroy(); });
  beforeEach(async () => { await f.t.db.knex('webhook_events').del(); });

  it('stores a Webhooks notification before answering 200 with its id', async () => {
    const res = await request(f.app).post('/webhooks/mp?data.id=999999999&type=payment')
      .set('x-request-id', 'req-1').set('authorization', 'Bearer leak').set('cookie', 'c=1')
      .send(webhookBody(12345, '999999999'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'received', id: expect.any(Number) });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(res.body)));
    expect(res.headers).not.toHaveProperty('x-powered-by');
    const [row] = await f.rows();
    expect(row).toMatchObject({
      id: res.body.id, dedup_key: 'webhook:payment:12345', pending_key: null, source: 'webhook', topic: 'payment', raw_type: 'payment',
      action: 'payment.created', resource_id: '999999999', notification_id: '12345', request_id: 'req-1', signature: 'unchecked', status: 'pending',
    });
    expect(Number(row.received_at)).toBe(1_700_000_000_000);
    const headers = JSON.parse(String(row.headers));
    expect(headers).toMatchObject({ 'x-request-id': 'req-1', 'content-type': 'application/json' });
    expect(headers).not.toHaveProperty('authorization');
    expect(headers).not.toHaveProperty('cookie');
    expect(JSON.parse(String(row.query))).toEqual({ 'data.id': '999999999', type: 'payment' });
    expect(JSON.parse(String(row.payload))).toEqual(webhookBody(12345, '999999999'));
  });

  it('answers a redelivery with the original id and stores one row', async () => {
    const send = () => request(f.app).post('/webhooks/mp?data.id=555&type=payment').set('x-retry', '1').send(webhookBody(777, '555'));
    const first = await send();
    const again = await send();
    expect(first.body.status).toBe('received');
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ status: 'duplicate', id: first.body.id });
    expect(await f.count()).toBe(1);
    expect(Number((await f.rows())[0].duplicates)).toBe(1);
  });

  it('stores a later, different notification about the same payment as a new event', async () => {
    const a = await request(f.app).post('/webhooks/mp?data.id=555&type=payment').send(webhookBody(777, '555', 'payment.created'));
    const b = await request(f.app).post('/webhooks/mp?data.id=555&type=payment').send(webhookBody(778, '555', 'payment.updated'));
    expect(b.body.status).toBe('received');
    expect(b.body.id).not.toBe(a.body.id);
    expect(await f.count()).toBe(2);
  });

  it('stores an IPN notification unsigned, with the resource from the query', async () => {
    const res = await request(f.app).post('/webhooks/mp?topic=payment&id=123456').send({ resource: '123456', topic: 'payment' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('received');
    const [row] = await f.rows();
    expect(row).toMatchObject({ source: 'ipn', topic: 'payment', resource_id: '123456', signature: 'unsigned', pending_key: 'ipn:payment:123456' });
  });

  it('stores an IPN merchant order from a resource URL', async () => {
    const res = await request(f.app).post('/webhooks/mp?topic=merchant_order&id=26262399173')
      .send({ resource: 'https://api.mercadolibre.com/merchant_orders/26262399173', topic: 'merchant_order' });
    expect(res.body.status).toBe('received');
    expect((await f.rows())[0]).toMatchObject({ topic: 'merchant_order', raw_type: 'merchant_order', resource_id: '26262399173' });
  });

  it('coalesces identical IPNs while the first is pending, and not after it is claimed', async () => {
    const send = () => request(f.app).post('/webhooks/mp?topic=payment&id=42').send();
    const a = await send();
    const b = await send();
    expect(b.body).toEqual({ status: 'duplicate', id: a.body.id });
    await f.t.db.knex('webhook_events').where('id', a.body.id).update({ status: 'processing', pending_key: null });
    const c = await send();
    expect(c.body.status).toBe('received');
    expect(c.body.id).not.toBe(a.body.id);
    expect(await f.count()).toBe(2);
  });

  it('stores an unknown topic as received (the worker ignores it)', async () => {
    const res = await request(f.app).post('/webhooks/mp?data.id=abc_1&type=point_integration_wh').send({ id: 'n1', type: 'point_integration_wh', data: { id: 'abc_1' } });
    expect(res.body.status).toBe('received');
    expect((await f.rows())[0]).toMatchObject({ topic: 'point_integration_wh', resource_id: 'abc_1', dedup_key: 'webhook:point_integration_wh:n1' });
  });

  it('stores topic_merchant_order_wh under merchant_order', async () => {
    const res = await request(f.app).post('/webhooks/mp?type=topic_merchant_order_wh')
      .send({ action: 'update', data: { status: 'opened' }, id: '26262399173', type: 'topic_merchant_order_wh' });
    expect(res.body.status).toBe('received');
    expect((await f.rows())[0]).toMatchObject({ topic: 'merchant_order', raw_type: 'topic_merchant_order_wh', resource_id: '26262399173' });
  });

  it.each([
    ['malformed JSON', '/webhooks/mp?data.id=1&type=payment', '{"id": 1,', 'application/json', /malformed JSON/],
    ['malformed JSON without a JSON content type', '/webhooks/mp?topic=payment&id=1', '{nope', 'text/plain', /malformed JSON/],
    ['no resource id', '/webhooks/mp?type=payment', '{"id": 1, "type": "payment"}', 'application/json', /no resource id/],
    ['no resource id in an IPN', '/webhooks/mp?topic=payment', '', 'application/json', /no resource id/],
    ['an invalid resource id', '/webhooks/mp?topic=payment&id=1%27%20OR%201%3D1', '', 'application/json', /invalid resource id/],
    ['an over-long resource id', `/webhooks/mp?topic=payment&id=${'9'.repeat(129)}`, '', 'application/json', /invalid resource id/],
    ['nothing at all', '/webhooks/mp', '', 'application/json', /no topic/],
  ])('refuses %s with 400 and stores nothing', async (_name, url, body, contentType, error) => {
    const res = await request(f.app).post(url).set('content-type', contentType).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body.error).toMatch(error);
    expect(await f.count()).toBe(0);
  });

  it('refuses a body over 100 kB with 413 JSON', async () => {
    const big = JSON.stringify({ id: 1, type: 'payment', data: { id: '1' }, pad: 'x'.repeat(100 * 1024) });
    const res = await request(f.app).post('/webhooks/mp?data.id=1&type=payment').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'payload too large' });
    expect(await f.count()).toBe(0);
  });

  it('accepts a body just under the limit', async () => {
    const body = { id: 1, type: 'payment', data: { id: '1' }, pad: '' };
    body.pad = 'x'.repeat(100 * 1024 - JSON.stringify(body).length);
    const res = await request(f.app).post('/webhooks/mp?data.id=1&type=payment').send(body);
    expect(res.status).toBe(200);
  });

  it('inflates a gzip body, and applies the limit to the inflated size', async () => {
    const small = gzipSync(JSON.stringify(webhookBody(9, '9')));
    const ok = await request(f.app).post('/webhooks/mp?data.id=9&type=payment').set('content-type', 'application/json').set('content-encoding', 'gzip').serialize(asIs).send(small);
    expect(ok.status).toBe(200);
    expect(JSON.parse(String((await f.rows())[0].payload))).toEqual(webhookBody(9, '9'));
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 'a'));
    const refused = await request(f.app).post('/webhooks/mp?topic=payment&id=1').set('content-encoding', 'gzip').send(bomb);
    expect(refused.status).toBe(413);
    expect(await f.count()).toBe(1);
  });

  it('answers Express body errors with JSON (unsupported content encoding)', async () => {
    const res = await request(f.app).post('/webhooks/mp?topic=payment&id=1').set('content-encoding', 'zstd-nope').send('x');
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('answers other methods with 405 and unknown routes with 404, both JSON', async () => {
    const get = await request(f.app).get('/webhooks/mp');
    expect(get.status).toBe(405);
    expect(get.body).toEqual({ error: 'method not allowed' });
    const missing = await request(f.app).post('/nope').send({});
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'not found' });
  });
});

describe('POST /webhooks/mp with a webhook secret', () => {
  let f: ReceiverFixture;
  beforeAll(async () => { f = await createReceiverFixture({ MP_WEBHOOK_SECRET: SECRET }); });
  afterAll(async () => { await f.t.destroy(); });
  beforeEach(async () => { await f.t.db.knex('webhook_events').del(); });

  const post = (dataId: string) => request(f.app).post(`/webhooks/mp?data.id=${dataId}&type=payment`);

  it('accepts a valid signature and stores it as valid', async () => {
    const res = await post('123456').set('x-request-id', 'rq-1').set('x-signature', signHeader({ dataId: '123456', requestId: 'rq-1' }))
      .send(webhookBody(1, '123456'));
    expect(res.status).toBe(200);
    const [row] = await f.rows();
    expect(row).toMatchObject({
      signature: 'valid', dedup_key: 'webhook:payment:1', pending_key: 'webhook:signed:123456:rq-1', notification_id: '1', resource_id: '123456',
    });
    expect(JSON.parse(String(row.headers))['x-signature']).toMatch(/^ts=\d+,v1=[0-9a-f]{64}$/);
  });

  it('accepts the reference vector 1 request', async () => {
    const res = await post('123456').set('x-request-id', 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e')
      .set('x-signature', 'ts=1742505638683,v1=5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd')
      .send(webhookBody(2, '123456'));
    expect(res.status).toBe(200);
  });

  it('accepts both casings of an alphanumeric id', async () => {
    const reqId = '2066ca19-c6f1-498a-be75-1923005edd06';
    const lower = await post('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3').set('x-request-id', reqId)
      .set('x-signature', 'ts=1742505638683,v1=633f91233312dd391ec75fa0bea539cfc2d6c4918873305b84a96cc1c58db71c').send(webhookBody(3, 'ord01jq4s4ky8hwq6na5pxb65b3d3'));
    const verbatim = await post('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3').set('x-request-id', reqId)
      .set('x-signature', 'ts=1742505638683,v1=fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c').send(webhookBody(4, 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3'));
    expect([lower.status, verbatim.status]).toEqual([200, 200]);
    expect(verbatim.body).toEqual({ status: 'duplicate', id: lower.body.id }); // the same signed data.id and request id
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const res = await post('123456').set('x-request-id', 'rq-1').set('x-signature', signHeader({ dataId: '123457', requestId: 'rq-1' }))
      .send(webhookBody(1, '123456'));
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/signature/);
    expect(await f.count()).toBe(0);
  });

  it('refuses a missing signature with 401', async () => {
    const res = await post('123456').send(webhookBody(1, '123456'));
    expect(res.status).toBe(401);
    expect(await f.count()).toBe(0);
  });

  it('refuses a signature made with another secret', async () => {
    const res = await post('1').set('x-signature', signHeader({ dataId: '1', secret: 'other' })).send(webhookBody(1, '1'));
    expect(res.status).toBe(401);
  });

  it('treats a JSON body with type as Webhooks format even without a query', async () => {
    const res = await request(f.app).post('/webhooks/mp').send(webhookBody(1, '1'));
    expect(res.status).toBe(401);
  });

  it('accepts IPN unsigned', async () => {
    const res = await request(f.app).post('/webhooks/mp?topic=payment&id=123456').send({ resource: '123456', topic: 'payment' });
    expect(res.status).toBe(200);
    expect((await f.rows())[0]).toMatchObject({ signature: 'unsigned' });
  });

  it('refuses an IPN-looking request with a Webhooks trait and no valid signature', async () => {
    const res = await request(f.app).post('/webhooks/mp?data.id=31337003&type=payment&topic=payment&id=31337003').send(webhookBody(1, '31337003'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid or missing x-signature' });
    expect(await f.count()).toBe(0);
  });

  it('refuses with 400 a signed notification whose body names another data.id, and one without data.id in the query', async () => {
    const mismatch = await post('123456').set('x-request-id', 'rq-2').set('x-signature', signHeader({ dataId: '123456', requestId: 'rq-2' }))
      .send(webhookBody(2, '654321'));
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toEqual({ error: 'the body\'s data.id does not match the signed data.id in the query' });
    const unsignedId = await request(f.app).post('/webhooks/mp?type=payment').set('x-request-id', 'rq-3')
      .set('x-signature', signHeader({ requestId: 'rq-3' })).send(webhookBody(3, '123456'));
    expect(unsignedId.status).toBe(400);
    expect(unsignedId.body.error).toMatch(/not covered by the signature/);
    expect(await f.count()).toBe(0);
  });

  it('accepts a signed topic_merchant_order_wh (it has no data.id) keyed on its request id', async () => {
    const res = await request(f.app).post('/webhooks/mp?type=topic_merchant_order_wh').set('x-request-id', 'rq-mo')
      .set('x-signature', signHeader({ requestId: 'rq-mo' }))
      .send({ action: 'update', data: { status: 'opened' }, id: '26262399173', type: 'topic_merchant_order_wh' });
    expect(res.status).toBe(200);
    expect((await f.rows())[0]).toMatchObject({ signature: 'valid', resource_id: '26262399173', dedup_key: 'webhook:signed:-:rq-mo' });
  });
});

describe('POST /webhooks/mp with MP_ACCEPT_UNSIGNED_IPN=false', () => {
  it('refuses an IPN with 401 when a secret is set, and accepts it when none is (nothing could be checked)', async () => {
    const strict = await createReceiverFixture({ MP_WEBHOOK_SECRET: SECRET, MP_ACCEPT_UNSIGNED_IPN: 'false' });
    const open = await createReceiverFixture({ MP_ACCEPT_UNSIGNED_IPN: 'false' });
    try {
      const ipn = (f: ReceiverFixture) => request(f.app).post('/webhooks/mp?topic=payment&id=123456').send({ resource: '123456', topic: 'payment' });
      const refused = await ipn(strict);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ error: 'unsigned IPN notifications are not accepted: send Webhooks with x-signature' });
      expect(await strict.count()).toBe(0);
      const signed = await request(strict.app).post('/webhooks/mp?data.id=123456&type=payment').set('x-request-id', 'rq-1')
        .set('x-signature', signHeader({ dataId: '123456', requestId: 'rq-1' })).send(webhookBody(1, '123456'));
      expect(signed.status).toBe(200);
      expect((await ipn(open)).status).toBe(200);
    } finally {
      await Promise.all([strict.t.destroy(), open.t.destroy()]);
    }
  });
});

describe('POST /webhooks/mp with a signature tolerance window', () => {
  let f: ReceiverFixture;
  const now = 1_742_505_638_683;
  beforeAll(async () => { f = await createReceiverFixture({ MP_WEBHOOK_SECRET: SECRET, MP_SIGNATURE_TOLERANCE: '5m' }, () => now); });
  afterAll(async () => { await f.t.destroy(); });

  it('accepts a fresh ts and refuses a stale one', async () => {
    const fresh = await request(f.app).post('/webhooks/mp?data.id=1&type=payment')
      .set('x-signature', signHeader({ dataId: '1', ts: String(now - 60_000) })).send(webhookBody(1, '1'));
    const stale = await request(f.app).post('/webhooks/mp?data.id=1&type=payment')
      .set('x-signature', signHeader({ dataId: '1', ts: String(now - 600_000) })).send(webhookBody(2, '1'));
    const seconds = await request(f.app).post('/webhooks/mp?data.id=1&type=payment')
      .set('x-signature', signHeader({ dataId: '1', ts: String(Math.floor(now / 1000)) })).send(webhookBody(3, '1'));
    expect([fresh.status, stale.status, seconds.status]).toEqual([200, 401, 200]);
  });
});
