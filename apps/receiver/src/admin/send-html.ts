import type { Response } from 'express';
import { redactText } from '@ghl-payments/core';

/** Sends a dashboard page with every known secret value scrubbed. */
export function sendHtml(res: Response, status: number, page: string, secrets: readonly string[]): void {
  res.status(status).type('html').send(redactText(page, secrets));
}
