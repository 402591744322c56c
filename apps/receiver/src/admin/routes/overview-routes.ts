import express from 'express';
import { sendJson } from '../../api/send-json';
import { toStatsJson } from '../../api/stats-json';
import type { AdminContext } from '../admin-context';
import { renderOverviewPage } from '../pages/overview-page';

/** How often the overview refreshes its numbers and charts. */
export const OVERVIEW_REFRESH_MS = 5000;
/** How many reconciliation sweeps the overview lists. */
const RECONCILIATIONS_SHOWN = 5;

/** `GET /admin` (the overview) and `GET /admin/stats.json` (what its script polls). */
export function createOverviewRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  /** The numbers and the upstream pauses in force (e.g. GoHighLevel's daily limit), read together. */
  const read = async () => {
    const now = deps.now();
    const [stats, pauses] = await Promise.all([deps.store.getStats(now), deps.store.listUpstreamPauses(now)]);
    return { stats, pauses };
  };
  router.get('/', async (_req, res) => {
    const [{ stats, pauses }, reconciliations] = await Promise.all([read(), deps.store.listReconciliations(RECONCILIATIONS_SHOWN)]);
    ctx.page(res, 200, renderOverviewPage({ stats, pauses, reconciliations, csrfToken: ctx.session(res).csrfToken, refreshMs: OVERVIEW_REFRESH_MS }));
  });
  router.get('/stats.json', async (_req, res) => {
    const { stats, pauses } = await read();
    sendJson(res, 200, toStatsJson(stats, pauses), deps.secrets);
  });
  return router;
}
