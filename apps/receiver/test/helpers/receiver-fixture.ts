import { createHmac } from 'node:crypto';
import type express from 'express';
import { Config, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { createApp } from '../../src';

export const SECRET = 'receiver-test-webhook-secret';

/**
 * The secret of MercadoPago's published signature examples (the reference vectors). loadConfig refuses it as
 * MP_WEBHOOK_SECRET (it is .env.example's placeholder), so a fixture configured with SECRET also accepts it.
 */
export const REFERENCE_SECRET = 'your_secret_key_here';

/** A Config for tests: the test database's URL plus any environment overrides. */
export function makeConfig(t: TestDatabase, env: Record<string, string> = {}): Config {
  const config = loadConfig({ DATABASE_URL: t.url, ...env });
  if (!config.mercadopago.webhookSecrets.includes(SECRET)) return config;
  return { ...config, mercadopago: { ...config.mercadopago, webhookSecrets: [...config.mercadopago.webhookSecrets, REFERENCE_SECRET] } };
}

export interface ReceiverFixture {
  t: TestDatabase;
  app: express.Express;
  config: Config;
  /** Rows of webhook_events, oldest first. */
  rows(): Promise<Array<Record<string, unknown>>>;
  count(): Promise<number>;
}

/** A fresh database and an app on it. */
export async function createReceiverFixture(env: Record<string, string> = {}, now?: () => number): Promise<ReceiverFixture> {
  const t = await createTestDatabase();
  const config = makeConfig(t, env);
  const app = createApp({ store: t.db, config, logger: createSilentLogger(), now });
  return {
    t,
    app,
    config,
    rows: () => t.db.knex('webhook_events').orderBy('id'),
    count: async () => Number((await t.db.knex('webhook_events').count({ n: '*' }).first())?.n ?? 0),
  };
}

/** The x-signature header MercadoPago would send for this data.id / request id / ts. */
export function signHeader(opts: { dataId?: string; requestId?: string; ts?: string; secret?: string }): string {
  const ts = opts.ts ?? String(Date.now());
  const manifest = [['id', opts.dataId], ['request-id', opts.requestId], ['ts', ts]]
    .filter(([, v]) => v !== undefined).map(([k, v]) => `${k}:${v};`).join('');
  return `ts=${ts},v1=${createHmac('sha256', opts.secret ?? SECRET).update(manifest).digest('hex')}`;
}

/** Makes superagent send a Buffer body as is, whatever the content type (it would JSON-encode it for JSON types). */
export const asIs = (body: unknown): string => body as string;
