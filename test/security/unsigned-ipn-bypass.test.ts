import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ConfigError, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createApp } from '@ghl-payments/receiver';
import { createTestDatabase } from '@ghl-payments/test-support';

// Security review item: with MP_WEBHOOK_SECRET set, adding `&topic=payment&id=N` to a Webhooks-format request that
// would get 401 made it a "legacy IPN", accepted unsigned. A request with any Webhooks trait must now pass the check.

const SECRET = 'review-webhook-secret-5e0a';

function sign(dataId: string | undefined, requestId: string, ts = String(Date.now())): string {
  const manifest = `${dataId === undefined ? '' : `id:${dataId};`}request-id:${requestId};ts:${ts};`;
  return `ts=${ts},v1=${createHmac('sha256', SECRET).update(manifest).digest('hex')}`;
}

const webhookBody = (notificationId: string, paymentId: string) => ({
  id: notificationId, live_mode: true, type: 'payment', action: 'payment.updated', api_version: 'v1', data: { id: paymentId },
});

async function receiver(env: Record<string, string>) {
  const t = await createTestDatabase();
  const app = createApp({ store: t.db, config: loadConfig({ DATABASE_URL: t.url, ...env }), logger: createSilentLogger() });
  const count = async () => Number((await t.db.knex('webhook_events').count({ n: '*' }).first())?.n ?? 0);
  return { t, app, count };
}

describe('unsigned notifications while MP_WEBHOOK_SECRET is set', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => { r = await receiver({ MP_WEBHOOK_SECRET: SECRET }); });
  afterAll(async () => { await r.t.destroy(); });
  beforeEach(async () => { await r.t.db.knex('webhook_events').del(); });

  it('refuses the reported request: a Webhooks request made to look like an IPN', async () => {
    const res = await request(r.app).post('/webhooks/mp?data.id=31337003&type=payment&topic=payment&id=31337003')
      .send(webhookBody('9001', '31337003'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid or missing x-signature' });
    expect(await r.count()).toBe(0);
  });

  it('fifty forged requests store nothing (nothing for the worker to read, fail or alert)', async () => {
    const statuses = new Set<number>();
    for (let n = 0; n < 50; n += 1) {
      const id = String(31337000 + n);
      statuses.add((await request(r.app).post(`/webhooks/mp?data.id=${id}&type=payment&topic=payment&id=${id}`).send(webhookBody(`f${n}`, id))).status);
    }
    expect([...statuses]).toEqual([401]);
    expect(await r.count()).toBe(0);
  });

  it.each([
    ['data.id in the query', '?topic=payment&id=7&data.id=7', { resource: '7', topic: 'payment' }],
    ['type in the query', '?topic=payment&id=7&type=payment', { resource: '7', topic: 'payment' }],
    ['a data object in the body', '?topic=payment&id=7', { resource: '7', topic: 'payment', data: { id: '7' } }],
    ['a type in the body', '?topic=payment&id=7', { topic: 'payment', type: 'payment' }],
  ])('refuses an IPN carrying %s without a valid signature', async (_trait, query, body) => {
    const res = await request(r.app).post(`/webhooks/mp${query}`).set('x-signature', 'ts=1,v1=' + 'a'.repeat(64)).send(body);
    expect(res.status).toBe(401);
    expect(await r.count()).toBe(0);
  });

  it('still accepts a pure IPN unsigned by default, with or without an unverifiable x-signature', async () => {
    const plain = await request(r.app).post('/webhooks/mp?topic=payment&id=123456').send({ resource: '123456', topic: 'payment' });
    const withHeader = await request(r.app).post('/webhooks/mp?topic=merchant_order&id=26262399173')
      .set('x-signature', 'ts=1,v1=' + 'b'.repeat(64)).send({ resource: 'https://api.mercadolibre.com/merchant_orders/26262399173', topic: 'merchant_order' });
    expect([plain.status, withHeader.status]).toEqual([200, 200]);
    const rows = await r.t.db.knex('webhook_events').orderBy('id');
    expect(rows.map((row) => [row.source, row.signature])).toEqual([['ipn', 'unsigned'], ['ipn', 'unsigned']]);
  });

  it('a validly signed request with IPN fields is held to what its signature covers', async () => {
    const other = await request(r.app).post('/webhooks/mp?data.id=555&type=payment&topic=payment&id=556')
      .set('x-request-id', 'rq-1').set('x-signature', sign('555', 'rq-1')).send(webhookBody('n1', '555'));
    expect(other.status).toBe(400);
    expect(other.body).toEqual({ error: 'the notification names another resource than the signed data.id in the query' });
    const same = await request(r.app).post('/webhooks/mp?data.id=555&type=payment&topic=payment&id=555')
      .set('x-request-id', 'rq-2').set('x-signature', sign('555', 'rq-2')).send(webhookBody('n2', '555'));
    expect(same.status).toBe(200);
    expect(await r.t.db.knex('webhook_events').select('resource_id', 'signature')).toEqual([{ resource_id: '555', signature: 'valid' }]);
  });
});

describe('MP_ACCEPT_UNSIGNED_IPN=false', () => {
  let r: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => { r = await receiver({ MP_WEBHOOK_SECRET: SECRET, MP_ACCEPT_UNSIGNED_IPN: 'false' }); });
  afterAll(async () => { await r.t.destroy(); });

  it('refuses every IPN with 401 and one clear line, and still accepts signed Webhooks', async () => {
    const ipn = await request(r.app).post('/webhooks/mp?topic=payment&id=123456').send({ resource: '123456', topic: 'payment' });
    expect(ipn.status).toBe(401);
    expect(ipn.body).toEqual({ error: 'unsigned IPN notifications are not accepted: send Webhooks with x-signature' });
    const signed = await request(r.app).post('/webhooks/mp?data.id=123456&type=payment')
      .set('x-request-id', 'rq-9').set('x-signature', sign('123456', 'rq-9')).send(webhookBody('n9', '123456'));
    expect(signed.status).toBe(200);
    expect(await r.count()).toBe(1);
  });

  it('is read as a boolean and defaults to true; a bad value is one clear configuration error', () => {
    expect(loadConfig({}).mercadopago.acceptUnsignedIpn).toBe(true);
    expect(loadConfig({ MP_ACCEPT_UNSIGNED_IPN: 'off' }).mercadopago.acceptUnsignedIpn).toBe(false);
    let error: unknown;
    try { loadConfig({ MP_ACCEPT_UNSIGNED_IPN: 'maybe' }); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/MP_ACCEPT_UNSIGNED_IPN/);
    expect((error as Error).message).not.toMatch(/\n\s+at /);
  });
});
