import type { Response } from 'express';

/** Seconds a client is asked to wait after a 503 (MercadoPago redelivers on its own schedule anyway). */
export const RETRY_AFTER_SECONDS = 30;

/** Answers 503 with Retry-After and a JSON error body. */
export function sendUnavailable(res: Response, error: string, extra: Record<string, unknown> = {}): void {
  res.set('Retry-After', String(RETRY_AFTER_SECONDS)).status(503).json({ ...extra, error });
}
