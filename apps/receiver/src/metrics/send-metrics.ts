import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';

/** A `GET /metrics` handler for a registry; `before` refreshes values computed at scrape time. */
export function createMetricsHandler(registry: Registry, before?: () => Promise<void>): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD').status(405).json({ error: 'method not allowed' });
      return;
    }
    if (req.path !== '/') {
      next();
      return;
    }
    try {
      await before?.();
      const text = await registry.metrics();
      res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
    } catch (err) {
      next(err);
    }
  };
}
