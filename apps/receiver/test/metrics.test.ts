import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import type { AttemptOutcome } from '@ghl-payments/store';
import request from 'supertest';
import { createTestDatabase, metricNames, metricValue, seedEvent, TestDatabase } from '@ghl-payments/test-support';
import { RunningReceiver, startReceiver } from '../src';
import { SECRET, signHeader } from './helpers/receiver-fixture';

const ADMIN_TOKEN = 'metrics-test-admin-token-9kW4rP7xM2qJ5';
const logger = createSilentLogger();

describe('receiver /metrics', () => {
  let t: TestDatabase;
  let receiver: RunningReceiver | undefined;
  let clock: number;
  beforeEach(async () => {
    t = await createTestDatabase();
    clock = 1_800_000_000_000;
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await t.destroy();
  });

  const start = async (env: Record<string, string> = {}) => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', ADMIN_TOKEN, MP_WEBHOOK_SECRET: SECRET, ...env });
    receiver = await startReceiver({ config, logger, store: t.db, now: () => clock, print: () => undefined });
    return receiver;
  };
  const notify = (r: RunningReceiver, id: string, dataId: string, type = 'payment') => request(r.server)
    .post(`/webhooks/mp?data.id=${dataId}&type=${type}`)
    .set('x-request-id', `req-${id}`)
    .set('x-signature', signHeader({ dataId, requestId: `req-${id}` }))
    .send({ id, type, action: `${type}.created`, data: { id: dataId } });

  it('needs the admin token unless METRICS_PUBLIC=true', async () => {
    const r = await start();
    expect((await request(r.server).get('/metrics')).status).toBe(401);
    expect((await request(r.server).get('/metrics').set('authorization', 'Bearer wrong-token-0000000000000')).status).toBe(401);
    const ok = await request(r.server).get('/metrics').set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).not.toContain(ADMIN_TOKEN);
    await r.close();
    receiver = undefined;
    const open = await start({ METRICS_PUBLIC: 'true' });
    expect((await request(open.server).get('/metrics')).status).toBe(200);
  });

  it('is also served when the operator API is off, only if public', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', METRICS_PUBLIC: 'true' });
    receiver = await startReceiver({ config, logger, store: t.db, operators: false });
    expect((await request(receiver.server).get('/metrics')).status).toBe(200);
    await receiver.close();
    receiver = await startReceiver({ config: loadConfig({ DATABASE_URL: t.url, PORT: '0' }), logger, store: t.db, operators: false });
    expect((await request(receiver.server).get('/metrics')).status).toBe(404);
  });

  it('counts notifications by type and outcome and reads the queue from the database at scrape time', async () => {
    const r = await start();
    expect((await notify(r, 'n1', '101')).body.status).toBe('received');
    expect((await notify(r, 'n1', '101')).body.status).toBe('duplicate');
    expect((await notify(r, 'n2', '102')).body.status).toBe('received');
    expect((await notify(r, 'm1', '501', 'merchant_order')).body.status).toBe('received');
    expect((await notify(r, 'x1', '9', 'something_new')).status).toBe(200);
    expect((await request(r.server).post('/webhooks/mp?data.id=103&type=payment').send({ id: 'n3', type: 'payment', data: { id: '103' } })).status).toBe(401);
    expect((await request(r.server).post('/webhooks/mp').set('content-type', 'application/json').send('{"nope')).status).toBe(400);
    expect((await request(r.server).post('/webhooks/mp?type=payment&data.id=1').set('content-type', 'application/json').send('x'.repeat(200_000))).status).toBe(413);
    // another process (the worker) moves events along; the gauges see it at the next scrape
    await t.db.knex('webhook_events').where('resource_id', '102').update({ status: 'success' });
    const later = await t.db.insertEvent({
      dedupKey: 'webhook:payment:later', pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
      resourceId: '104', notificationId: 'later', requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
    }, clock + 60_000);
    expect(later.duplicate).toBe(false);
    clock += 90_000;

    const text = (await request(r.server).get('/metrics').set('authorization', `Bearer ${ADMIN_TOKEN}`)).text;
    const received = (type: string, outcome: string) => metricValue(text, 'ghl_payments_events_received_total', { type, outcome });
    expect(received('payment', 'received')).toBe(2);
    expect(received('payment', 'duplicate')).toBe(1);
    expect(received('merchant_order', 'received')).toBe(1);
    expect(received('other', 'received')).toBe(1); // unknown topics share one label value
    expect(received('payment', 'rejected')).toBe(1); // bad signature
    expect(received('unknown', 'rejected')).toBe(2); // unreadable JSON, body too large
    expect(metricValue(text, 'ghl_payments_backlog_events', { status: 'pending' })).toBe(4);
    expect(metricValue(text, 'ghl_payments_backlog_events', { status: 'processing' })).toBe(0);
    expect(metricValue(text, 'ghl_payments_backlog_events', { status: 'failed' })).toBe(0);
    expect(metricValue(text, 'ghl_payments_backlog_events', { status: 'success' })).toBeUndefined(); // history is not scanned
    expect(metricValue(text, 'ghl_payments_events_due')).toBe(4);
    expect(metricValue(text, 'ghl_payments_oldest_pending_age_seconds')).toBe(90);
    expect(metricValue(text, 'ghl_payments_database_up')).toBe(1);
    expect(metricNames(text)).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']));
  });

  it('counts the attempts every worker records, by outcome, one scrape behind', async () => {
    const r = await start({ METRICS_PUBLIC: 'true' });
    const scrape = async () => (await request(r.server).get('/metrics')).text;
    const record = async (outcomes: string[]) => {
      // an event with these attempt rows, as workers in other processes would have recorded them
      await seedEvent(t.db, {
        resourceId: '1', receivedAt: clock, history: outcomes.map((outcome) => ({ outcome: outcome as AttemptOutcome, startedAt: clock, durationMs: 5 })),
      });
    };
    await record(['retry', 'success']); // before the first scrape: not this receiver's to count
    const attempts = (text: string, outcome: string) => metricValue(text, 'ghl_payments_attempts_recorded_total', { outcome });
    expect(attempts(await scrape(), 'success')).toBe(0);
    await record(['success']);
    await record(['retry', 'failed']);
    await Promise.all([scrape(), scrape(), scrape()]); // concurrent scrapes share one refresh
    const text = await scrape();
    expect(attempts(text, 'success')).toBe(1);
    expect(attempts(text, 'retry')).toBe(1);
    expect(attempts(text, 'failed')).toBe(1);
    expect(attempts(await scrape(), 'success')).toBe(1);
  });

  it('reports the database as down instead of failing the scrape', async () => {
    const r = await start({ METRICS_PUBLIC: 'true' });
    await t.db.knex.schema.renameTable('webhook_events', 'webhook_events_away');
    try {
      const res = await request(r.server).get('/metrics');
      expect(res.status).toBe(200);
      expect(metricValue(res.text, 'ghl_payments_database_up')).toBe(0);
    } finally {
      await t.db.knex.schema.renameTable('webhook_events_away', 'webhook_events');
    }
  });
});
