import request from 'supertest';
import { ConfigError, listSecrets, loadConfig, redactText } from '@ghl-payments/core';
import { buildPreapprovalNotification, buildWebhookNotification, MercadoPagoNotification } from '@ghl-payments/sandbox';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const APP_SECRET = 'app-webhook-secret-4f1a9c';
const QR_SECRET = 'qr-webhook-secret-77d0be';

function deliver(app: OperatorFixture['app'], n: MercadoPagoNotification) {
  const req = request(app).post(`/webhooks/mp?${new URLSearchParams(n.query).toString()}`);
  for (const [name, value] of Object.entries(n.headers)) req.set(name, value);
  return req.send(n.body);
}

describe('MP_WEBHOOK_SECRET with several secrets', () => {
  let f: OperatorFixture;
  beforeAll(async () => { f = await createOperatorFixture({ MP_WEBHOOK_SECRET: ` ${APP_SECRET} , ${QR_SECRET} ` }); });
  afterAll(async () => { await f.t.destroy(); });

  it('accepts a signature valid for any of the secrets and refuses one valid for none', async () => {
    expect((await deliver(f.app, buildWebhookNotification({ type: 'payment', dataId: '101', secret: APP_SECRET }))).status).toBe(200);
    expect((await deliver(f.app, buildWebhookNotification({ type: 'payment', dataId: '102', secret: QR_SECRET }))).status).toBe(200);
    const forged = await deliver(f.app, buildWebhookNotification({ type: 'payment', dataId: '103', secret: 'another-secret' }));
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain(APP_SECRET);
    const rows = await f.t.db.knex('webhook_events').orderBy('id');
    expect(rows.map((r) => [r.resource_id, r.signature])).toEqual([['101', 'valid'], ['102', 'valid']]);
  });

  it('reads the list into the config, first secret first, and lists every secret for redaction', () => {
    expect(f.config.mercadopago.webhookSecrets).toEqual([APP_SECRET, QR_SECRET]);
    expect(f.config.mercadopago.webhookSecret).toBe(APP_SECRET);
    expect(listSecrets(f.config)).toEqual(expect.arrayContaining([APP_SECRET, QR_SECRET]));
    // what logs, errors and alerts pass every text through
    expect(redactText(`echo ${QR_SECRET} and ${APP_SECRET}`, listSecrets(f.config))).not.toMatch(/qr-webhook-secret|app-webhook-secret/);
  });
});

describe('MP_UNVERIFIED_NOTIFICATIONS', () => {
  it('defaults to reject and refuses other words without repeating any secret', () => {
    expect(loadConfig({}).mercadopago.unverifiedNotifications).toBe('reject');
    expect(loadConfig({ MP_UNVERIFIED_NOTIFICATIONS: 'ACCEPT' }).mercadopago.unverifiedNotifications).toBe('accept');
    expect(() => loadConfig({ MP_UNVERIFIED_NOTIFICATIONS: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ MP_UNVERIFIED_NOTIFICATIONS: 'maybe' })).toThrow(/MP_UNVERIFIED_NOTIFICATIONS.*"maybe" is not reject or accept/);
  });

  describe('accept', () => {
    let f: OperatorFixture;
    beforeAll(async () => { f = await createOperatorFixture({ MP_WEBHOOK_SECRET: APP_SECRET, MP_UNVERIFIED_NOTIFICATIONS: 'accept', MP_ACCEPT_UNSIGNED_IPN: 'false' }); });
    afterAll(async () => { await f.t.destroy(); });
    beforeEach(async () => { await f.t.db.knex('webhook_events').del(); });

    it('stores a notification signed with an unknown secret, or not signed, marked unverified and shown so by the API', async () => {
      const wrong = await deliver(f.app, buildPreapprovalNotification('2c938084726fca480172750000000000', { secret: 'qr-secret-not-configured' }));
      expect(wrong.status).toBe(200);
      const unsigned = await deliver(f.app, buildWebhookNotification({ type: 'payment', dataId: '555' }));
      expect(unsigned.status).toBe(200);
      const good = await deliver(f.app, buildWebhookNotification({ type: 'payment', dataId: '556', secret: APP_SECRET }));
      expect(good.status).toBe(200);
      const rows = await f.t.db.knex('webhook_events').orderBy('id');
      expect(rows.map((r) => [r.topic, r.resource_id, r.signature])).toEqual([
        ['subscription_preapproval', '2c938084726fca480172750000000000', 'unverified'], ['payment', '555', 'unverified'], ['payment', '556', 'valid'],
      ]);
      const shown = await request(f.app).get(`/api/webhook-events/${wrong.body.id}`).set('Authorization', BEARER);
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ signature: 'unverified', type: 'subscription_preapproval' });
    });

    it('keeps MP_ACCEPT_UNSIGNED_IPN in charge of pure IPNs: false still refuses them', async () => {
      const res = await request(f.app).post('/webhooks/mp?topic=payment&id=777').send({ resource: '777', topic: 'payment' });
      expect(res.status).toBe(401);
      expect(await f.t.db.knex('webhook_events').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    });
  });
});
