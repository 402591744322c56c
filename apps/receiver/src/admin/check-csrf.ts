import type express from 'express';
import type { AdminContext } from './admin-context';
import { renderErrorPage } from './pages/error-page';

/**
 * Every dashboard POST must carry the session's CSRF token in `_csrf` (a hidden field of each form); otherwise 403 and
 * nothing changes. Parses the form body first. GETs pass through.
 */
export function checkCsrf(ctx: AdminContext, form: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST') {
      next();
      return;
    }
    form(req, res, (err?: unknown) => {
      if (err) {
        next(err);
        return;
      }
      const session = ctx.session(res);
      if (!ctx.sessions.checkCsrf(session, (req.body as Record<string, unknown> | undefined)?._csrf)) {
        ctx.deps.logger.warn('dashboard POST refused: missing or wrong CSRF token', { path: req.path, ip: req.ip });
        const i18n = ctx.i18n(res);
        ctx.page(res, 403, renderErrorPage({ i18n, title: i18n.t('error.formExpired'), message: i18n.t('error.formExpiredText'), csrfToken: session.csrfToken }));
        return;
      }
      next();
    });
  };
}
