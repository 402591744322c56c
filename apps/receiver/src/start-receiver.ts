import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Config, languageFromLocaleEnv, loadAccountsKey, Logger } from '@ghl-payments/core';
import { createAccountDirectory, openStore, Store } from '@ghl-payments/store';
import { watchReceiverRefusals } from '@ghl-payments/worker';
import type express from 'express';
import { announceDashboard } from './announce-dashboard';
import { AdminTokenSource, ensureAdminToken } from './auth/admin-token-file';
import { buildOperatorRouters } from './build-operator-routers';
import { closeServer } from './close-server';
import { createApp, MountedRouter } from './create-app';
import { createReceiverMetrics } from './metrics/receiver-metrics';
import { migrateUntilReady } from './migrate-until-ready';

export interface StartReceiverOptions {
  config: Config;
  logger: Logger;
  /** An open store to use; when omitted one is opened from config.database (and closed by close()). */
  store?: Store;
  /** Extra routers (`/api`, `/admin`, `/metrics`), passed to createApp. */
  routers?: readonly MountedRouter[];
  /** How long close() waits for in-flight requests (default 10 s). */
  closeTimeoutMs?: number;
  /** Serve the operator API (`/api`) and dashboard (`/admin`); default true. */
  operators?: boolean;
  /** A Prometheus `/metrics` handler, guarded by the admin token unless METRICS_PUBLIC=true. */
  metrics?: express.RequestHandler;
  /** Where a newly generated admin token is announced (default: standard output, never the log file). */
  print?: (text: string) => void;
  /** Clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  /** Print a one-time dashboard sign-in link even for a configured token (default: when standard output is a terminal). */
  interactive?: boolean;
}

export interface RunningReceiver {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string;
  store: Store;
  /** The admin token in use and where it came from (undefined when operators is false). */
  admin?: AdminTokenSource;
  /** Stops accepting, waits (bounded) for in-flight requests, closes the store if startReceiver opened it. */
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations and listens on config.receiver. An unreachable database does not stop
 * the start: the receiver answers 503 and retries the migrations in the background. Installs no signal handlers.
 */
export async function startReceiver(opts: StartReceiverOptions): Promise<RunningReceiver> {
  const { config, logger } = opts;
  const admin = opts.operators === false ? undefined : ensureAdminToken({ configured: config.operators.adminToken, dataDir: config.dataDir });
  const ownsStore = opts.store === undefined;
  const store = opts.store ?? openStore(config.database);
  const migrator = migrateUntilReady(store, logger);
  await migrator.firstAttempt;
  const now = opts.now ?? Date.now;
  const receiverMetrics = createReceiverMetrics({ store, logger, now, isDatabaseReady: migrator.isReady });
  const metrics = opts.metrics ?? receiverMetrics.handler;
  const operatorRouters = admin
    ? buildOperatorRouters({ store, config, logger, adminToken: admin.token, now, isDatabaseReady: migrator.isReady, metrics })
    : config.operators.metricsPublic ? [{ path: '/metrics', handler: metrics }] : [];
  const routers = [...operatorRouters, ...(opts.routers ?? [])];
  // a burst of notifications refused for their signature (a wrong MP_WEBHOOK_SECRET) alerts the owner
  const refusals = watchReceiverRefusals({ config, store, logger, now });
  const hooks = refusals
    ? { onNotification: (info: Parameters<NonNullable<typeof receiverMetrics.hooks.onNotification>>[0]) => { receiverMetrics.hooks.onNotification?.(info); refusals.onNotification(info); } }
    : receiverMetrics.hooks;
  // `POST /webhooks/mp/:account`: the accounts' key is read when a stored account is first met, never created here
  const accounts = createAccountDirectory(store, () => loadAccountsKey(config, { create: false }).box);
  const app = createApp({ store, config, logger, now, routers, isDatabaseReady: migrator.isReady, hooks, accounts });
  const server = http.createServer(app);
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  try {
    await listen(server, config.receiver.port, config.receiver.host);
  } catch (err) {
    migrator.stop();
    if (ownsStore) await store.close();
    throw err;
  }
  const url = formatUrl(server.address() as AddressInfo);
  logger.info('receiver listening', { url, database: store.description, ready: migrator.isReady() });
  if (admin) {
    await announceDashboard({
      receiverUrl: url, admin, logger, print: opts.print ?? ((text) => process.stdout.write(text)),
      store, now: now(), databaseReady: migrator.isReady(), interactive: opts.interactive ?? process.stdout.isTTY === true,
      // the console speaks as the commands do: UI_LANGUAGE, else the terminal's locale, else English
      language: config.ui.language ?? languageFromLocaleEnv(process.env) ?? 'en',
    });
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    store,
    admin,
    close() {
      closing ??= (async () => {
        migrator.stop();
        await closeServer(server, opts.closeTimeoutMs ?? 10_000);
        await refusals?.close(3000);
        if (ownsStore) await store.close();
        logger.info('receiver stopped');
      })();
      return closing;
    },
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
