import express from 'express';
import { matchLanguage } from '@ghl-payments/core';
import { rememberLanguage } from '../i18n/pick-language';
import { safeNext } from '../safe-next';

/**
 * `GET /admin/language/:language`: the language switch. Remembers the choice for this browser and goes back to the
 * page it was made on (the Referer, when it is a dashboard page of this host; else the overview). Works signed out,
 * so the login page can be read in the owner's language.
 */
export function createLanguageRoutes(): express.Router {
  const router = express.Router();
  router.get('/language/:language', (req, res) => {
    const language = matchLanguage(req.params.language);
    if (language) rememberLanguage(req, res, language);
    res.redirect(303, safeNext(refererPath(req)));
  });
  return router;
}

/** The path and query of a same-host Referer, or undefined. */
function refererPath(req: express.Request): string | undefined {
  const referer = req.get('referer');
  if (!referer) return undefined;
  try {
    const url = new URL(referer);
    return url.host === req.get('host') ? `${url.pathname}${url.search}` : undefined;
  } catch {
    return undefined;
  }
}
