import express from 'express';
import type { Store } from '@ghl-payments/store';
import { sendUnavailable } from '../send-unavailable';

export interface HealthzDeps {
  store: Store;
  isDatabaseReady: () => boolean;
}

/** `GET /healthz`: 200 when the database answers and its schema is migrated, 503 otherwise. */
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
    res.status(200).json({ status: 'ok' });
  });
  return router;
}
