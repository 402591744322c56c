import type { Response } from 'express';
import { redactText } from '@ghl-payments/core';

/** Sends a JSON body with every known secret value (and any bearer token) scrubbed, never cached. */
export function sendJson(res: Response, status: number, body: unknown, secrets: readonly string[]): void {
  res.status(status).set('Cache-Control', 'no-store').type('application/json').send(redactText(JSON.stringify(body), secrets));
}
