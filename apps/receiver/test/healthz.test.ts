import request from 'supertest';
import { createApp } from '../src';
import { createReceiverFixture, ReceiverFixture } from './helpers/receiver-fixture';
import { createSilentLogger } from '@ghl-payments/core';

describe('GET /healthz and an unreachable database', () => {
  let f: ReceiverFixture;
  beforeEach(async () => { f = await createReceiverFixture(); });
  afterEach(async () => { await f.t.destroy(); });

  it('answers 200 when the database is reachable', async () => {
    const res = await request(f.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers 503 on /healthz and /webhooks/mp once the database is closed', async () => {
    await f.t.db.close();
    const health = await request(f.app).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', error: expect.any(String) });
    const hook = await request(f.app).post('/webhooks/mp?topic=payment&id=1').send();
    expect(hook.status).toBe(503);
    expect(hook.headers['retry-after']).toBe('30');
    expect(hook.body).toEqual({ error: expect.any(String) });
  });

  it('still answers 400 for bad input while the database is closed', async () => {
    await f.t.db.close();
    const res = await request(f.app).post('/webhooks/mp?topic=payment').send();
    expect(res.status).toBe(400);
  });

  it('answers 503 while the schema is not ready', async () => {
    const app = createApp({ store: f.t.db, config: f.config, logger: createSilentLogger(), isDatabaseReady: () => false });
    expect((await request(app).get('/healthz')).status).toBe(503);
    expect((await request(app).post('/webhooks/mp?topic=payment&id=1').send()).status).toBe(503);
    expect(await f.count()).toBe(0);
  });

  it('mounts extra routers before the 404 handler', async () => {
    const express = (await import('express')).default;
    const extra = express.Router().get('/ping', (_req, res) => { res.json({ pong: true }); });
    const app = createApp({ store: f.t.db, config: f.config, logger: createSilentLogger(), routers: [{ path: '/api', handler: extra }] });
    expect((await request(app).get('/api/ping')).body).toEqual({ pong: true });
    expect((await request(app).get('/api/nope')).status).toBe(404);
  });
});
