import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@ghl-payments/core';

/** 404 with a JSON body for every unknown route. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'not found' });
};

function statusOf(err: unknown): number {
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Turns every error (Express's body-parser errors included) into a JSON body; client errors stay 4xx. */
export function handleErrors(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const status = statusOf(err);
    if (status === 413) {
      logger.warn('request refused: payload too large', { path: req.path });
      res.status(413).json({ error: 'payload too large' });
      return;
    }
    if (status < 500) {
      const message = (err as { expose?: boolean }).expose ? String((err as Error).message) : 'bad request';
      logger.warn('request refused', { path: req.path, status, reason: message });
      res.status(status).json({ error: message });
      return;
    }
    logger.error('request failed', { path: req.path, error: (err as Error)?.message ?? String(err) });
    res.status(500).json({ error: 'internal error' });
  };
}
