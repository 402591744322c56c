import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type express from 'express';
import request from 'supertest';
import { Config, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createApp } from '@ghl-payments/receiver';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { createTestDatabase, TestDatabase } from './test-database';

export interface E2eHarness {
  t: TestDatabase;
  mp: FakeMercadoPago;
  ghl: FakeGhl;
  /** Environment for child processes (the CLI) pointing at this database and these fakes. */
  env: Record<string, string>;
  config: Config;
  app: express.Express;
  logDir: string;
  /** Sends a Webhooks-format notification for a payment through the real receiver app; returns the event id. */
  notifyPayment(paymentId: number | string, notificationId?: string): Promise<number>;
  statuses(): Promise<Record<string, number>>;
  destroy(): Promise<void>;
}

/** A database, fake MercadoPago and GHL servers, and the receiver app, wired together for end-to-end tests. */
export async function createE2eHarness(extraEnv: Record<string, string> = {}): Promise<E2eHarness> {
  const t = await createTestDatabase();
  const mp = await createFakeMercadoPago();
  const ghl = await createFakeGhl();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logs-'));
  const env: Record<string, string> = {
    DATABASE_URL: t.url,
    MP_API_URL: mp.url,
    MP_ACCESS_TOKEN: 'TEST-mp-token',
    GHL_API_URL: ghl.url,
    GHL_API_TOKEN: 'TEST-ghl-token',
    GHL_LOCATION_ID: 'loc-test',
    GHL_RATE_LIMIT: 'off',
    RETRY_SCHEDULE: '200ms,200ms',
    WORKER_POLL_INTERVAL: '50ms',
    LOG_DIR: logDir,
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const config = loadConfig(env);
  const app = createApp({ store: t.db, config, logger: createSilentLogger() });
  let counter = 0;
  return {
    t, mp, ghl, env, config, app, logDir,
    async notifyPayment(paymentId, notificationId) {
      counter += 1;
      const nid = notificationId ?? `${Date.now()}${counter}`;
      const res = await request(app)
        .post(`/webhooks/mp?data.id=${paymentId}&type=payment`)
        .set('content-type', 'application/json')
        .send({ id: nid, live_mode: false, type: 'payment', action: 'payment.updated', api_version: 'v1', data: { id: String(paymentId) } });
      if (res.status !== 200) throw new Error(`receiver answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body.id as number;
    },
    async statuses() {
      const rows = await t.db.knex('webhook_events').select('status').count({ n: '*' }).groupBy('status') as Array<{ status: string; n: number | string }>;
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async destroy() {
      await Promise.all([mp.close(), ghl.close()]);
      await t.destroy();
      fs.rmSync(logDir, { recursive: true, force: true });
    },
  };
}
