import type express from 'express';
import { Config, createSilentLogger, loadConfig, Logger } from '@ghl-payments/core';
import { ADMIN_TOKEN, createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { buildOperatorRouters, createApp, OperatorRoutersOptions } from '../../src';

// The sign-in helpers live in test-support, so tests outside the receiver sign in the same way.
export { ADMIN_TOKEN, BEARER, csrfOf, signIn } from '@ghl-payments/test-support';

export interface OperatorFixture {
  t: TestDatabase;
  app: express.Express;
  config: Config;
  /** The clock the app sees; tests may move it. */
  clock: { now: number };
}

/** A fresh database and an app serving the operator API and dashboard with ADMIN_TOKEN set. */
export async function createOperatorFixture(
  env: Record<string, string> = {},
  options: { logger?: Logger; now?: number; metrics?: express.RequestHandler; throttle?: OperatorRoutersOptions['throttle'] } = {},
): Promise<OperatorFixture> {
  const t = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN, UI_LANGUAGE: 'en', ...env });
  const clock = { now: options.now ?? Date.now() };
  const logger = options.logger ?? createSilentLogger();
  const now = () => clock.now;
  const routers = buildOperatorRouters({ store: t.db, config, logger, adminToken: config.operators.adminToken!, now, metrics: options.metrics, throttle: options.throttle });
  const app = createApp({ store: t.db, config, logger, now, routers });
  return { t, app, config, clock };
}
