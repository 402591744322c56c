import express from 'express';
import { readBuyerEmail } from '@ghl-payments/store';
import { AUDIT_FILTER_PARAMS, AUDIT_PAGE_PARAMS, parseAuditQuery } from '../../audit/audit-query';
import { AdminContext, queryErrorMessage } from '../admin-context';
import { AuditListParams, renderAuditPage } from '../pages/audit-page';
import { readFormParams } from '../read-form-params';

const AUDIT_LIST_PARAMS = [...AUDIT_FILTER_PARAMS, ...AUDIT_PAGE_PARAMS] as const;
const FIRST_PAGE = { limit: 50, offset: 0 };

/**
 * `/admin/audit` (the operator only; a viewer's session gets the 403 page): the audit log, read-only, and
 * `POST /admin/audit/forget`, a buyer's erasure (CSRF-checked like every dashboard POST). Nothing here edits the log.
 */
export function createAuditRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  const { store } = deps;

  /** The log's first page, newest first. */
  const firstPage = () => store.listAudit({}, FIRST_PAGE);

  router.get('/audit', async (req, res) => {
    const params = readFormParams(req.query, AUDIT_LIST_PARAMS) as AuditListParams & { offset?: string };
    const { offset: _offset, ...shown } = params;
    const shell = { i18n: ctx.i18n(res), csrfToken: ctx.session(res).csrfToken };
    try {
      const { filter, page } = parseAuditQuery(params, deps.now());
      ctx.page(res, 200, renderAuditPage({ ...shell, params: shown, page, result: await store.listAudit(filter, page) }));
    } catch (err) {
      ctx.page(res, 400, renderAuditPage({ ...shell, params: shown, page: FIRST_PAGE, result: null, error: queryErrorMessage(err) }));
    }
  });

  router.post('/audit/forget', async (req, res) => {
    const shell = { i18n: ctx.i18n(res), csrfToken: ctx.session(res).csrfToken };
    const email = readBuyerEmail((req.body as Record<string, unknown> | undefined)?.email);
    if (email === null) {
      ctx.page(res, 400, renderAuditPage({ ...shell, params: {}, page: FIRST_PAGE, result: await firstPage(), formError: shell.i18n.t('audit.forgetInvalid') }));
      return;
    }
    const erasure = await store.forgetEmail({ email, now: deps.now(), actor: 'admin', client: req.ip ?? null });
    // the log line has the counts only: never the address
    deps.logger.info('operator erased a buyer\'s personal data from the dashboard', { ...erasure.counts, compacted: erasure.compacted });
    // answered here rather than redirected: the counts are not put in a URL (and resending the form changes nothing)
    ctx.page(res, 200, renderAuditPage({ ...shell, params: {}, page: FIRST_PAGE, result: await firstPage(), erasure }));
  });

  return router;
}
