import express from 'express';
import { sendJson } from '../../api/send-json';
import { toStatsJson } from '../../api/stats-json';
import type { AdminContext } from '../admin-context';
import { renderOverviewPage } from '../pages/overview-page';

/** How often the overview refreshes its numbers and charts. */
export const OVERVIEW_REFRESH_MS = 5000;

/** `GET /admin` (the overview) and `GET /admin/stats.json` (what its script polls). */
export function createOverviewRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  router.get('/', async (_req, res) => {
    const stats = await deps.store.getStats(deps.now());
    ctx.page(res, 200, renderOverviewPage({ stats, csrfToken: ctx.session(res).csrfToken, refreshMs: OVERVIEW_REFRESH_MS }));
  });
  router.get('/stats.json', async (_req, res) => {
    sendJson(res, 200, toStatsJson(await deps.store.getStats(deps.now())), deps.secrets);
  });
  return router;
}
