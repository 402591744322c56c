import net from 'node:net';
import express from 'express';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { startReceiver } from '../src';

const logger = createSilentLogger();

describe('startReceiver', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase({ migrate: false }); });
  afterEach(async () => { await t.destroy(); });

  it('migrates, listens, stores a notification over HTTP and closes', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1' });
    const receiver = await startReceiver({ config, logger, operators: false });
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${receiver.url}/healthz`);
    expect(health.status).toBe(200);
    const res = await fetch(`${receiver.url}/webhooks/mp?topic=payment&id=321`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { id } = await res.json() as { id: number };
    expect(await t.db.knex('webhook_events').where('id', id).first()).toMatchObject({ resource_id: '321' });
    await receiver.close();
    await expect(fetch(`${receiver.url}/healthz`)).rejects.toThrow();
  });

  it('lets an in-flight request finish on close, then stops', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1' });
    const slow = express.Router().get('/slow', async (_req, res) => {
      await new Promise((r) => setTimeout(r, 300));
      res.json({ done: true });
    });
    const receiver = await startReceiver({ config, logger, store: t.db, operators: false, routers: [{ path: '/test', handler: slow }] });
    const inFlight = fetch(`${receiver.url}/test/slow`);
    await new Promise((r) => setTimeout(r, 50));
    await receiver.close();
    const res = await inFlight;
    expect(await res.json()).toEqual({ done: true });
    // the caller's database stays open
    expect(await t.db.knex('webhook_events').count({ n: '*' })).toBeDefined();
  });

  it('bounds the wait for a request that never finishes', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1' });
    const hang = express.Router().get('/hang', () => undefined);
    const receiver = await startReceiver({ config, logger, store: t.db, operators: false, routers: [{ path: '/test', handler: hang }], closeTimeoutMs: 200 });
    const inFlight = fetch(`${receiver.url}/test/hang`).catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await receiver.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await inFlight).toMatchObject({ message: expect.stringMatching(/fetch failed/) });
  });

  it('refuses to start on a port already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    const config = loadConfig({ DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1' });
    await expect(startReceiver({ config, logger, operators: false })).rejects.toThrow(/EADDRINUSE/);
    await new Promise((r) => blocker.close(r));
  });
});
