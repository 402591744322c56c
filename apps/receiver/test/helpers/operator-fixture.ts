import type express from 'express';
import request from 'supertest';
import { Config, createSilentLogger, loadConfig, Logger } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { buildOperatorRouters, createApp, OperatorRoutersOptions } from '../../src';

export const ADMIN_TOKEN = 'test-admin-token-7Qm2xK9vR4pL8sW3nZ6tB1yH';
export const BEARER = `Bearer ${ADMIN_TOKEN}`;

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
  const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN, ...env });
  const clock = { now: options.now ?? Date.now() };
  const logger = options.logger ?? createSilentLogger();
  const now = () => clock.now;
  const routers = buildOperatorRouters({ store: t.db, config, logger, adminToken: config.operators.adminToken!, now, metrics: options.metrics, throttle: options.throttle });
  const app = createApp({ store: t.db, config, logger, now, routers });
  return { t, app, config, clock };
}

/** The CSRF token of a dashboard page. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no CSRF field on the page');
  return match[1];
}

/** A supertest agent signed in to the dashboard, and the CSRF token of its session. */
export async function signIn(app: express.Express): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string }> {
  const agent = request.agent(app);
  const login = await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN, next: '/admin/events' });
  if (login.status !== 303) throw new Error(`login failed: ${login.status}`);
  const page = await agent.get('/admin/events');
  return { agent, csrf: csrfOf(page.text) };
}
