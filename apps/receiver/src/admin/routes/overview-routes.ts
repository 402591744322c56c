import express from 'express';
import { scopeAccount } from '../../api/account-scope';
import { parseAccountParam } from '../../api/parse-account';
import { sendJson } from '../../api/send-json';
import { toStatsJson } from '../../api/stats-json';
import type { AdminContext } from '../admin-context';
import { renderOverviewPage } from '../pages/overview-page';
import { readFormParams } from '../read-form-params';

/** How often the overview refreshes its numbers and charts. */
export const OVERVIEW_REFRESH_MS = 5000;
/** How many reconciliation sweeps the overview lists. */
const RECONCILIATIONS_SHOWN = 5;

/**
 * `GET /admin` (the overview) and `GET /admin/stats.json` (what its script polls); `?account=` narrows both to one
 * account (a viewer's are always its account's).
 */
export function createOverviewRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  /** The numbers and the upstream pauses in force (e.g. GoHighLevel's daily limit), read together. */
  const read = async (account: string | undefined) => {
    const now = deps.now();
    const [stats, pauses] = await Promise.all([deps.store.getStats(now, account), deps.store.listUpstreamPauses(now)]);
    return { stats, pauses };
  };
  const accountOf = (req: express.Request, res: express.Response) => scopeAccount(ctx.viewer(res), parseAccountParam(readFormParams(req.query, ['account']).account));
  router.get('/', async (req, res) => {
    const account = accountOf(req, res);
    const viewer = ctx.viewer(res);
    const [{ stats, pauses }, reconciliations, accounts] = await Promise.all([
      read(account), deps.store.listReconciliations(RECONCILIATIONS_SHOWN, account), ctx.accountChoices(res),
    ]);
    ctx.page(res, 200, renderOverviewPage({
      i18n: ctx.i18n(res), stats, pauses, reconciliations, csrfToken: ctx.session(res).csrfToken, refreshMs: OVERVIEW_REFRESH_MS, accounts, viewer,
      // a viewer's account is implied: its links and polling need not name it
      account: viewer ? undefined : account,
    }));
  });
  router.get('/stats.json', async (req, res) => {
    const { stats, pauses } = await read(accountOf(req, res));
    sendJson(res, 200, toStatsJson(stats, pauses), deps.secrets);
  });
  return router;
}
