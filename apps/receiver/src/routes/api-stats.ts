import express from 'express';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import { toStatsJson } from '../api/stats-json';
import type { OperatorDeps } from '../operator-deps';

/** `GET /api/stats`: counts by status and type, backlog age, recent throughput, the last hour per minute, upstream pauses. */
export function createApiStatsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  router.get('/stats', async (req, res) => {
    readParams(req.query, []);
    const now = deps.now();
    const [stats, pauses] = await Promise.all([deps.store.getStats(now), deps.store.listUpstreamPauses(now)]);
    sendJson(res, 200, toStatsJson(stats, pauses), deps.secrets);
  });
  return router;
}
