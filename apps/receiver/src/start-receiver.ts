import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config, Logger } from '@ghl-payments/core';
import { connectDatabase, Database } from '@ghl-payments/store';
import { closeServer } from './close-server';
import { createApp, MountedRouter } from './create-app';
import { migrateUntilReady } from './migrate-until-ready';

export interface StartReceiverOptions {
  config: Config;
  logger: Logger;
  /** An open database to use; when omitted one is opened from config.database (and closed by close()). */
  db?: Database;
  /** Extra routers (`/api`, `/admin`, `/metrics`), passed to createApp. */
  routers?: readonly MountedRouter[];
  /** How long close() waits for in-flight requests (default 10 s). */
  closeTimeoutMs?: number;
}

export interface RunningReceiver {
  server: http.Server;
  /** Base URL, e.g. http://127.0.0.1:8000 */
  url: string;
  db: Database;
  /** Stops accepting, waits (bounded) for in-flight requests, closes the database if startReceiver opened it. */
  close(): Promise<void>;
}

/**
 * Opens the database, applies migrations and listens on config.receiver. An unreachable database does not stop
 * the start: the receiver answers 503 and retries the migrations in the background. Installs no signal handlers.
 */
export async function startReceiver(opts: StartReceiverOptions): Promise<RunningReceiver> {
  const { config, logger } = opts;
  const ownsDb = opts.db === undefined;
  const db = opts.db ?? connectDatabase(config.database);
  const migrator = migrateUntilReady(db, logger);
  await migrator.firstAttempt;
  const app = createApp({ db, config, logger, routers: opts.routers, isDatabaseReady: migrator.isReady });
  const server = http.createServer(app);
  server.headersTimeout = 20_000;
  server.requestTimeout = 30_000;
  try {
    await listen(server, config.receiver.port, config.receiver.host);
  } catch (err) {
    migrator.stop();
    if (ownsDb) await db.close();
    throw err;
  }
  const url = formatUrl(server.address() as AddressInfo);
  logger.info('receiver listening', { url, database: db.description, ready: migrator.isReady() });
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    db,
    close() {
      closing ??= (async () => {
        migrator.stop();
        await closeServer(server, opts.closeTimeoutMs ?? 10_000);
        if (ownsDb) await db.close();
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
