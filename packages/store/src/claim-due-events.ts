import type { Driver } from './drivers/driver';
import { toWebhookEvent, WebhookEvent } from './event-types';
import type { ClaimOptions } from './store';

/** Atomically takes up to `limit` due pending events, leasing them to `owner` (the statement is the driver's), oldest due first. */
export async function claimDueEvents(db: Driver, options: ClaimOptions): Promise<WebhookEvent[]> {
  const rows = await db.claimDueEvents(options);
  return rows.map(toWebhookEvent).sort((a, b) => a.nextRetryAt - b.nextRetryAt || a.id - b.id);
}
