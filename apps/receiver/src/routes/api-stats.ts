import express from 'express';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import { toStatsJson } from '../api/stats-json';
import type { OperatorDeps } from '../operator-deps';

/** `GET /api/stats`: counts by status and type, backlog age, recent throughput and the last hour per minute. */
export function createApiStatsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  router.get('/stats', async (req, res) => {
    readParams(req.query, []);
    sendJson(res, 200, toStatsJson(await deps.store.getStats(deps.now())), deps.secrets);
  });
  return router;
}
