import express from 'express';
import helmet from 'helmet';
import type { Config, Logger } from '@ghl-payments/core';
import type { AccountDirectory, Store } from '@ghl-payments/store';
import { handleErrors, notFound } from './handle-errors';
import { chooseInsertNotification } from './insert-batcher';
import { createStoreHealth } from './store-health';
import type { ReceiverHooks } from './receiver-hooks';
import { createHealthzRouter } from './routes/healthz';
import { mountWebhooksMp } from './routes/webhooks-mp';
import { mountWebhooksGhl } from './routes/webhooks-ghl';

/** A router mounted by createApp after its own routes, e.g. `/api`, `/admin`, `/metrics`. */
export interface MountedRouter {
  path: string;
  handler: express.RequestHandler;
}

export interface AppDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  /** Extra routers, mounted before the JSON 404 and error handlers. */
  routers?: readonly MountedRouter[];
  /** False while the schema is not migrated (startReceiver retries in the background); default always true. */
  isDatabaseReady?: () => boolean;
  /** Observers of incoming notifications (metrics). */
  hooks?: ReceiverHooks;
  /** Stored accounts, for `POST /webhooks/mp/:account` (docs/agencies.md); without it that route answers 404. */
  accounts?: AccountDirectory;
}

/** Builds the receiver's Express app (never listens). */
export function createApp(deps: AppDeps): express.Express {
  const now = deps.now ?? Date.now;
  const isDatabaseReady = deps.isDatabaseReady ?? (() => true);
  const app = express();
  app.set('query parser', 'simple');
  app.set('etag', false);
  app.disable('x-powered-by'); // helmet removes it too, but the webhook route is mounted before helmet
  app.set('trust proxy', deps.config.receiver.trustProxy ?? false);
  // The webhook answers MercadoPago's servers, never a browser: it skips helmet's dozen headers (measured in docs/benchmarks.md).
  const storeHealth = createStoreHealth(deps.store, { now });
  mountWebhooksMp(app, { insertNotification: chooseInsertNotification(deps.store), storeHealth, config: deps.config, logger: deps.logger, now, isDatabaseReady, hooks: deps.hooks, accounts: deps.accounts });
  // payment links asked for by GoHighLevel workflows (docs/payment-links.md): JSON, authenticated by the account's workflow secret
  mountWebhooksGhl(app, { store: deps.store, config: deps.config, logger: deps.logger, now, isDatabaseReady, accounts: deps.accounts });
  app.use(helmet());
  app.use(createHealthzRouter({ store: deps.store, isDatabaseReady, storeHealth }));
  for (const { path, handler } of deps.routers ?? []) app.use(path, handler);
  app.use(notFound);
  app.use(handleErrors(deps.logger));
  return app;
}
