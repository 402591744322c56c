import express from 'express';
import { readBuyerEmail } from '@ghl-payments/store';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import { AUDIT_FILTER_PARAMS, AUDIT_PAGE_PARAMS, parseAuditQuery, toAuditJson, toErasureJson } from '../audit/audit-query';
import type { OperatorDeps } from '../operator-deps';

/** What an erasure does not reach (docs/security.md "Erasure"): part of every answer, so whoever asked knows. */
export const NOT_ERASED = [
  'log files written before the erasure (LOG_DIR/webhook*.log): rotate or delete them',
  'backups (ghl-payments backup, pg_dump) until they are deleted',
  'MercadoPago\'s and GoHighLevel\'s own records',
];

/**
 * `GET /api/audit` (the audit log, newest first, paginated like /api/webhook-events) and `POST /api/forget` (erase a
 * buyer's personal data, `{"email": …}`). Admin token only: a viewer token is refused (403) before these routes. The
 * log has no write route: entries are only added by the actions themselves.
 */
export function createApiAuditRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  const { store, secrets } = deps;

  router.get('/audit', async (req, res) => {
    const params = readParams(req.query, [...AUDIT_FILTER_PARAMS, ...AUDIT_PAGE_PARAMS]);
    const { filter, page } = parseAuditQuery(params, deps.now());
    const result = await store.listAudit(filter, page);
    sendJson(res, 200, { data: result.data.map(toAuditJson), total: result.total, limit: page.limit, offset: page.offset }, secrets);
  });

  router.post('/forget', async (req, res) => {
    if (!req.is('application/json')) {
      sendJson(res, 415, { error: 'send {"email": "…"} as application/json' }, secrets);
      return;
    }
    const email = readBuyerEmail((req.body as Record<string, unknown> | undefined)?.email);
    if (email === null) {
      sendJson(res, 400, { error: 'invalid email: give the buyer\'s address, e.g. {"email": "ana@example.com"}', field: 'email' }, secrets);
      return;
    }
    const erasure = await store.forgetEmail({ email, now: deps.now(), actor: 'admin', client: req.ip ?? null });
    // the log line has the counts only: never the address
    deps.logger.info('operator erased a buyer\'s personal data', { ...erasure.counts, compacted: erasure.compacted });
    sendJson(res, 200, {
      erased: toErasureJson(erasure.counts), email_sha256: erasure.emailSha256, compacted: erasure.compacted, not_erased: NOT_ERASED,
    }, secrets);
  });

  return router;
}
