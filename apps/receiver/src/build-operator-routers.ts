import type express from 'express';
import { Config, listSecrets, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import { createAdminRouter } from './admin/create-admin-router';
import { requireBearerToken } from './auth/require-bearer-token';
import type { MountedRouter } from './create-app';
import { createApiRouter } from './routes/api-router';

export interface OperatorRoutersOptions {
  store: Store;
  config: Config;
  logger: Logger;
  /** The admin token (ADMIN_TOKEN, or the one kept in the data folder). */
  adminToken: string;
  now?: () => number;
  isDatabaseReady?: () => boolean;
  /** A `/metrics` handler (Prometheus); guarded by the admin token unless METRICS_PUBLIC=true. */
  metrics?: express.RequestHandler;
}

/** `/api` (bearer token), `/admin` (dashboard, session cookie) and, when given, `/metrics`: the routers to pass to createApp. */
export function buildOperatorRouters(o: OperatorRoutersOptions): MountedRouter[] {
  const deps = {
    store: o.store,
    config: o.config,
    logger: o.logger,
    now: o.now ?? Date.now,
    adminToken: o.adminToken,
    secrets: [...new Set([...listSecrets(o.config), o.adminToken])],
    isDatabaseReady: o.isDatabaseReady ?? (() => true),
  };
  const routers: MountedRouter[] = [
    { path: '/api', handler: createApiRouter(deps) },
    { path: '/admin', handler: createAdminRouter(deps) },
  ];
  if (o.metrics) {
    const metrics = o.metrics;
    const guard = requireBearerToken(o.adminToken);
    routers.push({
      path: '/metrics',
      handler: o.config.operators.metricsPublic ? metrics : (req, res, next) => guard(req, res, () => metrics(req, res, next)),
    });
  }
  return routers;
}
