import request from 'supertest';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);

describe('/api/webhook-events', () => {
  let f: OperatorFixture;
  const ids: Record<string, number> = {};
  const api = () => ({
    get: (path: string) => request(f.app).get(path).set('Authorization', BEARER),
    post: (path: string) => request(f.app).post(path).set('Authorization', BEARER),
  });
  beforeAll(async () => {
    f = await createOperatorFixture({ MP_ACCESS_TOKEN: 'APP_USR-super-secret-access-token' }, { now: T0 + 3600_000 });
    const pay = await seedPayment(f.t.db, { mpPaymentId: '8888' });
    ids.failed = await seedEvent(f.t.db, {
      status: 'failed', resourceId: '555', receivedAt: T0, lastError: 'MercadoPago said 401 for token APP_USR-super-secret-access-token',
      history: [{ outcome: 'retry', startedAt: T0 + 10, durationMs: 30, error: 'timeout' }, { outcome: 'failed', startedAt: T0 + 70_000, durationMs: 20, error: 'MercadoPago 404' }],
    });
    ids.success = await seedEvent(f.t.db, { status: 'success', resourceId: '556', receivedAt: T0 + 60_000, paymentId: pay });
    ids.processing = await seedEvent(f.t.db, { status: 'processing', resourceId: '557', receivedAt: T0 + 120_000 });
    ids.order = await seedEvent(f.t.db, { status: 'ignored', topic: 'merchant_order', resourceId: '9001', receivedAt: T0 + 86_400_000 });
  });
  afterAll(async () => { await f.t.destroy(); });

  it('lists newest first as {data, total, limit, offset} with the default limit', async () => {
    const res = await api().get('/api/webhook-events');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(res.body.data.map((e: { id: number }) => e.id)).toEqual([ids.order, ids.processing, ids.success, ids.failed]);
    const failed = res.body.data[3];
    expect(failed).toMatchObject({
      id: ids.failed, type: 'payment', resource_id: '555', payment_id: '555', status: 'failed', attempts: 2, failures: 1,
      received_at: new Date(T0).toISOString(), next_retry_at: null,
    });
    expect(failed).not.toHaveProperty('payload');
    expect(res.body.data[2]).toMatchObject({ id: ids.success, payment_id: '8888', payment_record_id: expect.any(Number) });
    expect(res.body.data[1]).toMatchObject({ status: 'processing', lease_owner: 'host:1:abc' });
  });

  it('applies each filter', async () => {
    const idsFor = async (query: string) => (await api().get(`/api/webhook-events?${query}`)).body.data.map((e: { id: number }) => e.id);
    expect(await idsFor('status=failed')).toEqual([ids.failed]);
    expect(await idsFor('status=failed,ignored')).toEqual([ids.order, ids.failed]);
    expect(await idsFor('status=failed&status=processing')).toEqual([ids.processing, ids.failed]);
    expect(await idsFor('type=merchant_order')).toEqual([ids.order]);
    expect(await idsFor('payment_id=8888')).toEqual([ids.success]);
    expect(await idsFor('q=55')).toEqual([ids.processing, ids.success, ids.failed]);
    expect(await idsFor(`since=${encodeURIComponent(new Date(T0 + 60_000).toISOString())}&until=2026-11-30`)).toEqual([ids.processing, ids.success]);
    expect(await idsFor('since=2026-12-01')).toEqual([ids.order]);
    expect(await idsFor('since=30m')).toEqual([ids.order]); // now is T0 + 1h
    expect(await idsFor(`since=${T0 + 100_000}`)).toEqual([ids.order, ids.processing]);
    const paged = await api().get('/api/webhook-events?limit=2&offset=1');
    expect(paged.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(paged.body.data.map((e: { id: number }) => e.id)).toEqual([ids.processing, ids.success]);
  });

  it.each([
    ['status=done', 'status'], ['status=', null], ['type=a%20b', 'type'], ['payment_id=1;2', 'payment_id'], [`q=${'x'.repeat(201)}`, 'q'],
    ['since=yesterday', 'since'], ['until=2026-13-45', 'until'], ['since=2026-11-30&until=2026-11-01', 'until'],
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=ten', 'limit'], ['offset=-1', 'offset'], ['offset=1.5', 'offset'],
    ['stauts=failed', 'stauts'], ['type=payment&type=merchant_order', 'type'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const res = await api().get(`/api/webhook-events?${query}`);
    if (parameter === null) {
      expect(res.status).toBe(200);
      return;
    }
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringContaining(`invalid ${parameter}`), parameter });
  });

  it('allows limit=500', async () => {
    expect((await api().get('/api/webhook-events?limit=500')).body.limit).toBe(500);
  });

  it('shows one event with its payload, kept headers and attempt history, secrets redacted', async () => {
    const res = await api().get(`/api/webhook-events/${ids.failed}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ids.failed, status: 'failed', resource_id: '555',
      payload: { data: { id: '555' } }, headers: { 'content-type': 'application/json' }, query: { 'data.id': '555', type: 'payment' },
      history: [
        { attempt: 1, outcome: 'retry', duration_ms: 30, error: 'timeout', started_at: new Date(T0 + 10).toISOString() },
        { attempt: 2, outcome: 'failed', duration_ms: 20, error: 'MercadoPago 404' },
      ],
    });
    expect(res.body.last_error).toBe('MercadoPago said 401 for token [REDACTED]');
    expect(JSON.stringify(res.body)).not.toContain('super-secret');
    const list = await api().get('/api/webhook-events?status=failed');
    expect(list.text).not.toContain('super-secret');
  });

  it('answers 404 for an unknown event and 400 for an id that cannot be one', async () => {
    expect((await api().get('/api/webhook-events/999999')).status).toBe(404);
    expect((await api().get('/api/webhook-events/abc')).body).toMatchObject({ parameter: 'id' });
    expect((await api().get('/api/webhook-events/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
    expect((await api().post('/api/webhook-events/999999/retry')).status).toBe(404);
  });

  it('retries one event: pending, due now; a processing or successful one is a 409', async () => {
    const id = await seedEvent(f.t.db, { status: 'failed', receivedAt: T0 - 1000 });
    const res = await api().post(`/api/webhook-events/${id}/retry`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'pending', failures: 0, next_retry_at: new Date(f.clock.now).toISOString(), history: expect.any(Array) });
    const conflict = await api().post(`/api/webhook-events/${ids.processing}/retry`);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 'processing' });
    expect((await api().post(`/api/webhook-events/${ids.success}/retry`)).status).toBe(409);
  });

  it('bulk-retries with the list filters; dry_run only counts', async () => {
    const a = await seedEvent(f.t.db, { status: 'failed', topic: 'bulk_topic' });
    const b = await seedEvent(f.t.db, { status: 'ignored', topic: 'bulk_topic' });
    await seedEvent(f.t.db, { status: 'success', topic: 'bulk_topic' });
    const dry = await api().post('/api/webhook-events/retry?type=bulk_topic&dry_run=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ count: 2 });
    expect((await f.t.db.knex('webhook_events').where('id', a).first()).status).toBe('failed');
    const only = await api().post('/api/webhook-events/retry?type=bulk_topic&status=failed');
    expect(only.body).toEqual({ count: 1 });
    const rest = await api().post('/api/webhook-events/retry?type=bulk_topic');
    expect(rest.body).toEqual({ count: 1 });
    const statuses = await f.t.db.knex('webhook_events').whereIn('id', [a, b]).pluck('status');
    expect(statuses).toEqual(['pending', 'pending']);
    expect((await api().post('/api/webhook-events/retry?dry_run=maybe')).body).toMatchObject({ parameter: 'dry_run' });
    expect((await api().post('/api/webhook-events/retry?stat=failed')).status).toBe(400);
    expect((await api().post('/api/webhook-events/retry?limit=5')).body).toMatchObject({ parameter: 'limit' });
  });
});
