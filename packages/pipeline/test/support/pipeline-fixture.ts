import { Config, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createPipelineClients, createCallCounters, CallCounters, PipelineClients, ProcessContext } from '@ghl-payments/pipeline';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeGhlOptions, FakeMercadoPago } from '@ghl-payments/sandbox';
import { toWebhookEvent, WebhookEvent } from '@ghl-payments/store';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';

export const MP_TOKEN = 'TEST-mp-token-5f1c9e7a2b';
export const GHL_TOKEN = 'pit-ghl-token-8d3e4a6b1c';

/** Fakes, a fresh database, a Config pointing at the fakes, clients and a ProcessContext for one test. */
export interface PipelineFixture {
  mp: FakeMercadoPago;
  ghl: FakeGhl;
  t: TestDatabase;
  config: Config;
  clients: PipelineClients;
  counters: CallCounters;
  ctx: ProcessContext;
  /** Stores a notification about `resourceId` and returns it as the worker would see it. */
  event(resourceId: string | number, topic?: string): Promise<WebhookEvent>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Environment variables on top of the defaults (fakes' URLs and tokens, 1 s timeout, no client-side limit). */
  env?: Record<string, string | undefined>;
  ghl?: FakeGhlOptions;
}

let sequence = 0;

/** Builds the whole fixture; call close() in afterEach. */
export async function createPipelineFixture(options: FixtureOptions = {}): Promise<PipelineFixture> {
  const mp = await createFakeMercadoPago({ accessToken: MP_TOKEN });
  const ghl = await createFakeGhl({ token: GHL_TOKEN, locationId: 'loc-test', ...options.ghl });
  const t = await createTestDatabase();
  const env: Record<string, string> = {
    DATABASE_URL: t.url,
    MP_API_URL: mp.url,
    MP_ACCESS_TOKEN: MP_TOKEN,
    GHL_API_URL: ghl.url,
    GHL_API_TOKEN: GHL_TOKEN,
    GHL_LOCATION_ID: 'loc-test',
    HTTP_TIMEOUT: '1s',
    GHL_RATE_LIMIT: 'off',
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const config = loadConfig(env, {});
  const counters = createCallCounters();
  const clients = createPipelineClients(config, { hooks: counters.hooks });
  const ctx: ProcessContext = { store: t.db, config, logger: createSilentLogger(), now: Date.now, clients };
  return {
    mp, ghl, t, config, clients, counters, ctx,
    async event(resourceId, topic = 'payment') {
      sequence += 1;
      const { id } = await t.db.insertEvent({
        dedupKey: `test:${topic}:${resourceId}:${process.pid}:${sequence}`, pendingKey: null, source: 'webhook', topic, rawType: topic,
        action: `${topic}.updated`, resourceId: String(resourceId), notificationId: `n${sequence}`, requestId: null,
        signature: 'unchecked', payload: '{}', headers: {}, query: {},
      }, Date.now());
      return toWebhookEvent(await t.db.knex('webhook_events').where('id', id).first());
    },
    async close() {
      clients.close();
      await Promise.all([mp.close(), ghl.close()]);
      await t.destroy();
    },
  };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject');
}
