import express from 'express';
import type { Store } from '@ghl-payments/store';
import { sendUnavailable } from '../send-unavailable';
import type { StoreHealth } from '../store-health';

export interface HealthzDeps {
  store: Store;
  isDatabaseReady: () => boolean;
  /** Whether the database accepts writes (store-health.ts; the webhook route reports its inserts to it too). */
  storeHealth: StoreHealth;
}

/**
 * `GET /healthz`: 200 when the receiver can store a notification (schema migrated, database answering and accepting
 * writes), 503 otherwise. A database that answers reads but refuses writes (disk full, read-only, locked) is not
 * healthy: MercadoPago's notifications would get 503. Writes are proven by a probe at most every few seconds
 * (store-health.ts), never one per health check.
 */
export function createHealthzRouter(deps: HealthzDeps): express.Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (!deps.isDatabaseReady()) {
      sendUnavailable(res, 'database schema not ready', { status: 'unavailable' });
      return;
    }
    if (!(await deps.store.checkConnection()).ok) {
      sendUnavailable(res, 'database unreachable', { status: 'unavailable' });
      return;
    }
    if (!(await deps.storeHealth.check()).ok) {
      sendUnavailable(res, 'database not accepting writes: notifications cannot be stored', { status: 'unavailable' });
      return;
    }
    res.status(200).json({ status: 'ok' });
  });
  return router;
}
