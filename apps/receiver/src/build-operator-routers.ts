import type express from 'express';
import { Config, listSecrets, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import { createAdminRouter } from './admin/create-admin-router';
import { assertStrongAdminToken } from './auth/admin-token-strength';
import { requireBearerToken } from './auth/require-bearer-token';
import { createSignInThrottle, SignInThrottleOptions } from './auth/sign-in-throttle';
import type { MountedRouter } from './create-app';
import { createApiRouter } from './routes/api-router';
import { auditSignInFailures } from './audit/operator-audit';

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
  /** Wrong tokens allowed per client address and window (default 10 a minute); tests may change them. */
  throttle?: Pick<SignInThrottleOptions, 'failures' | 'windowMs'>;
}

/**
 * `/api` (bearer token), `/admin` (dashboard, session cookie) and, when given, `/metrics`: the routers to pass to
 * createApp. The three share one count of wrong tokens per client address, so spreading guesses over them gains
 * nothing. A guessable admin token is refused (ConfigError).
 */
export function buildOperatorRouters(o: OperatorRoutersOptions): MountedRouter[] {
  assertStrongAdminToken(o.adminToken);
  // every refused token or sign-in code is also recorded in the audit log (never what was presented)
  const throttle = auditSignInFailures(createSignInThrottle({ ...o.throttle, logger: o.logger }), { store: o.store, logger: o.logger, now: o.now ?? Date.now });
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
    { path: '/api', handler: createApiRouter(deps, throttle) },
    { path: '/admin', handler: createAdminRouter(deps, throttle) },
  ];
  if (o.metrics) {
    const metrics = o.metrics;
    const guard = requireBearerToken(o.adminToken, { throttle, route: '/metrics' });
    routers.push({
      path: '/metrics',
      handler: o.config.operators.metricsPublic ? metrics : async (req, res, next) => { await guard(req, res, () => metrics(req, res, next)); },
    });
  }
  return routers;
}
