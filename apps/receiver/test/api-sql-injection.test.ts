import request from 'supertest';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const ATTACKS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "1; DROP TABLE webhook_events; --",
  "'); DELETE FROM payments; --",
  "\" OR \"\"=\"",
  "%' UNION SELECT id, dedup_key FROM webhook_events --",
  "1' AND SLEEP(5) --",
  "x' || (SELECT pg_sleep(5)) || '",
  "\\'; UPDATE webhook_events SET status='success'; --",
  "%",
  "_",
  "1 OR 1=1",
];

const EVENT_PARAMS = ['status', 'type', 'payment_id', 'q', 'since', 'until', 'account', 'limit', 'offset'];
const PAYMENT_PARAMS = ['status', 'external_reference', 'email', 'account', 'limit', 'offset'];

describe('SQL injection attempts in every filter are harmless', () => {
  let f: OperatorFixture;
  let snapshot: unknown;
  const tables = async () => ({
    events: await f.t.db.knex('webhook_events').orderBy('id').select('id', 'status', 'next_retry_at'),
    payments: await f.t.db.knex('payments').orderBy('id').select('id', 'status'),
  });
  beforeAll(async () => {
    f = await createOperatorFixture();
    await seedPayment(f.t.db, { mpPaymentId: '3001' });
    await seedEvent(f.t.db, { status: 'failed', resourceId: '3001' });
    await seedEvent(f.t.db, { status: 'success', resourceId: '3002' });
    snapshot = await tables();
  });
  afterAll(async () => { await f.t.destroy(); });

  it.each(EVENT_PARAMS)('GET /api/webhook-events?%s=… answers 200 with no match or 400, and changes nothing', async (param) => {
    for (const attack of ATTACKS) {
      const res = await request(f.app).get('/api/webhook-events').query({ [param]: attack }).set('Authorization', BEARER);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(res.body.data.every((e: { resource_id: string }) => e.resource_id.includes(attack))).toBe(true);
      else expect(res.body.parameter).toBe(param);
    }
    expect(await tables()).toEqual(snapshot);
  });

  it.each(EVENT_FILTER_PARAMS_FOR_RETRY())('POST /api/webhook-events/retry?%s=… retries nothing', async (param) => {
    for (const attack of ATTACKS) {
      const res = await request(f.app).post('/api/webhook-events/retry').query({ [param]: attack }).set('Authorization', BEARER);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(res.body).toEqual({ count: 0 });
    }
    expect(await tables()).toEqual(snapshot);
  });

  it.each(PAYMENT_PARAMS)('GET /api/payments?%s=… answers 200 with no match or 400', async (param) => {
    for (const attack of ATTACKS) {
      const res = await request(f.app).get('/api/payments').query({ [param]: attack }).set('Authorization', BEARER);
      expect([200, 400]).toContain(res.status);
      if (res.status === 200) expect(res.body.total).toBe(0);
    }
    expect(await tables()).toEqual(snapshot);
  });

  it('refuses injected ids in paths', async () => {
    for (const attack of ATTACKS) {
      for (const path of ['/api/webhook-events/', '/api/payments/']) {
        const res = await request(f.app).get(`${path}${encodeURIComponent(attack)}`).set('Authorization', BEARER);
        expect([400, 404]).toContain(res.status);
      }
      const retry = await request(f.app).post(`/api/webhook-events/${encodeURIComponent(attack)}/retry`).set('Authorization', BEARER);
      expect([400, 404]).toContain(retry.status);
    }
    expect(await tables()).toEqual(snapshot);
  });

  it('stores an injection attempt in a registered payment as plain text', async () => {
    const attack = "'); DROP TABLE payments; --";
    const res = await request(f.app).post('/api/payments').set('Authorization', BEARER).send({ external_reference: attack, ghl_contact_id: 'c1', description: attack });
    expect(res.status).toBe(201);
    expect((await request(f.app).get('/api/payments').query({ external_reference: attack }).set('Authorization', BEARER)).body.data[0])
      .toMatchObject({ external_reference: attack, description: attack });
  });
});

/** The filters the bulk retry takes (the list's, without paging). */
function EVENT_FILTER_PARAMS_FOR_RETRY(): string[] {
  return EVENT_PARAMS.filter((p) => p !== 'limit' && p !== 'offset');
}
