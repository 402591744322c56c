import express from 'express';
import { scopeAccount, viewerAccountOf } from '../api/account-scope';
import { parseAccountParam } from '../api/parse-account';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import { toStatsJson } from '../api/stats-json';
import type { OperatorDeps } from '../operator-deps';

/**
 * `GET /api/stats`: counts by status and type, backlog age, recent throughput, the last hour per minute, upstream pauses;
 * `account` narrows the counts to one account's events (a viewer's are always its account's).
 */
export function createApiStatsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  router.get('/stats', async (req, res) => {
    const params = readParams(req.query, ['account']);
    const account = scopeAccount(viewerAccountOf(res), parseAccountParam(params.account));
    const now = deps.now();
    const [stats, pauses] = await Promise.all([deps.store.getStats(now, account), deps.store.listUpstreamPauses(now)]);
    sendJson(res, 200, toStatsJson(stats, pauses), deps.secrets);
  });
  return router;
}
