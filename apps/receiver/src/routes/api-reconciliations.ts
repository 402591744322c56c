import express from 'express';
import type { Reconciliation } from '@ghl-payments/store';
import { scopeAccount, viewerAccountOf } from '../api/account-scope';
import { isoTime } from '../api/iso-time';
import { parseAccountParam } from '../api/parse-account';
import { parseWholeNumber } from '../api/parse-page';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import type { OperatorDeps } from '../operator-deps';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** One sweep as the API shows it (times in ISO 8601 UTC). */
export function toReconciliationJson(r: Reconciliation): Record<string, unknown> {
  return {
    id: r.id, account: r.account, started_at: isoTime(r.startedAt), finished_at: isoTime(r.finishedAt), window_start: isoTime(r.windowStart),
    window_end: isoTime(r.windowEnd), pages: r.pages, checked: r.checked, missing: r.missing, changed: r.changed, queued: r.queued,
    errors: r.errors, dry_run: r.dryRun, run_by: r.runBy, error: r.error,
  };
}

/** `GET /api/reconciliations`: the latest reconciliation sweeps, newest first (`limit`, default 20, at most 100; `account`). */
export function createApiReconciliationsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  router.get('/reconciliations', async (req, res) => {
    const params = readParams(req.query, ['limit', 'account']);
    const limit = parseWholeNumber('limit', params.limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
    const account = scopeAccount(viewerAccountOf(res), parseAccountParam(params.account));
    const sweeps = await deps.store.listReconciliations(limit, account);
    sendJson(res, 200, { data: sweeps.map(toReconciliationJson) }, deps.secrets);
  });
  return router;
}
