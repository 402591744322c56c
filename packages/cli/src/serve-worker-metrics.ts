import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '@ghl-payments/core';
import { createMetricsHandler, ensureAdminToken, requireBearerToken } from '@ghl-payments/receiver';

/** The worker's `/metrics` server. */
export interface WorkerMetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a worker's registry on config.worker.metrics (host, port) under `/metrics`: behind the admin token
 * (ADMIN_TOKEN, or the one in the data folder) unless METRICS_PUBLIC=true. Everything else is a 404.
 */
export async function serveWorkerMetrics(config: Config, registry: Registry): Promise<WorkerMetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  const handler = createMetricsHandler(registry);
  if (config.operators.metricsPublic) app.use('/metrics', handler);
  else app.use('/metrics', requireBearerToken(ensureAdminToken({ configured: config.operators.adminToken, dataDir: config.dataDir }).token), handler);
  app.use((_req, res) => { res.status(404).json({ error: 'not found' }); });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.worker.metrics.port ?? 0, config.worker.metrics.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
