import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createApp } from '@ghl-payments/receiver';
import { openStore, Store } from '@ghl-payments/store';
import { createTestDatabase, TEST_DIALECT, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// Security review item: /healthz answered 200 while the database refused writes (disk full, read-only) and most
// notifications got 503. Health must say whether the receiver can store a notification.

const notify = (app: ReturnType<typeof createApp>, id: string) => request(app)
  .post(`/webhooks/mp?data.id=${id}&type=payment`).set('content-type', 'application/json')
  .send({ id: `n-${id}`, type: 'payment', action: 'payment.updated', data: { id } });

if (TEST_DIALECT === 'sqlite') describe('GET /healthz when SQLite refuses writes', () => {
  let dir: string;
  let file: string;
  let store: Store;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-healthz-'));
    file = path.join(dir, 'locked.sqlite3');
    store = openStore({ client: 'sqlite', filename: file, synchronous: 'normal', busyTimeoutMs: 300, connectTimeoutMs: 5000 });
    await store.migrate();
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 while another process holds the write lock (a real refusal, even as root), 200 once it is released', async () => {
    const app = createApp({ store, config: loadConfig({ DATABASE_URL: file }), logger: createSilentLogger() });
    expect((await request(app).get('/healthz')).status).toBe(200);

    const locker = new Database(file);
    locker.exec('BEGIN EXCLUSIVE');
    try {
      // reads still work (WAL): the old check (`select 1`) said 200 here, while notifications got 503
      expect((await store.checkConnection()).ok).toBe(true);
      expect((await notify(app, '501')).status).toBe(503);
      // the refused insert is itself an observation: health says so at once, without waiting for its next probe
      const health = await request(app).get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'unavailable', error: expect.stringMatching(/not accepting writes/) });
      expect(health.headers['retry-after']).toBeDefined();
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await waitUntil(async () => (await request(app).get('/healthz')).status === 200, 10_000);
    expect((await notify(app, '502')).status).toBe(200);
  });

  it('a storm of health checks makes at most a few probe writes, not one per check', async () => {
    const app = createApp({ store, config: loadConfig({ DATABASE_URL: file }), logger: createSilentLogger() });
    const probes: number[] = [];
    const original = store.probeWrite.bind(store);
    // counts the writes only; every probe still goes to the real database
    (store as { probeWrite: Store['probeWrite'] }).probeWrite = async (now) => { probes.push(now); await original(now); };
    const answers = await Promise.all(Array.from({ length: 200 }, () => request(app).get('/healthz')));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(probes.length).toBeLessThanOrEqual(2);
  });
});

if (TEST_DIALECT === 'postgres') describe('GET /healthz when PostgreSQL refuses writes', () => {
  let t: TestDatabase;
  let readOnly: Store | undefined;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => {
    await readOnly?.close();
    await t.destroy();
  });

  it('answers 503 on a database that only accepts read-only transactions (as after a failover to a replica)', async () => {
    const name = new URL(t.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    } finally {
      await admin.end();
    }
    readOnly = openStore({ client: 'postgres', connectionString: t.url, poolMax: 2, connectTimeoutMs: 5000 });
    const app = createApp({ store: readOnly, config: loadConfig({ DATABASE_URL: t.url }), logger: createSilentLogger() });
    expect((await readOnly.checkConnection()).ok).toBe(true);
    expect((await notify(app, '601')).status).toBe(503);
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'unavailable', error: expect.stringMatching(/not accepting writes/) });
  });
});
