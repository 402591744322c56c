import type { Response } from 'express';
import type { AdminSession, SessionManager } from '../auth/admin-session';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { OperatorDeps } from '../operator-deps';
import { QueryError } from '../api/query-error';
import type { AccountChoice } from './components';
import { sendHtml } from './send-html';
import type { I18n } from './i18n/translator';

/** What the dashboard's route handlers share. */
export interface AdminContext {
  deps: OperatorDeps;
  sessions: SessionManager;
  /** Counts wrong tokens per client address (shared with `/api` and `/metrics`). */
  throttle: SignInThrottle;
  /** Sends a rendered page (secrets scrubbed). */
  page(res: Response, status: number, markup: string): void;
  /** The signed-in session (set by requireSession). */
  session(res: Response): AdminSession;
  /** The account a viewer's session is limited to; null for the operator's. */
  viewer(res: Response): string | null;
  /** The accounts the account filter offers: every stored one to the operator, none to a viewer. */
  accountChoices(res: Response): Promise<AccountChoice[]>;
  /** The request's language (set for every dashboard request by the router: the browser's choice, else UI_LANGUAGE). */
  i18n(res: Response): I18n;
}

/** Builds the shared context of the dashboard routes. */
export function createAdminContext(deps: OperatorDeps, sessions: SessionManager, throttle: SignInThrottle): AdminContext {
  return {
    deps,
    sessions,
    throttle,
    page: (res, status, markup) => sendHtml(res, status, markup, deps.secrets),
    session: (res) => res.locals.session as AdminSession,
    viewer: (res) => (res.locals.session as AdminSession | undefined)?.account ?? null,
    i18n: (res) => res.locals.i18n as I18n,
    async accountChoices(res) {
      if ((res.locals.session as AdminSession | undefined)?.account) return [];
      return (await deps.store.listAccounts()).map((a) => ({ slug: a.slug, name: a.name }));
    },
  };
}

/** A QueryError's message (shown on the page), or rethrows anything else. */
export function queryErrorMessage(err: unknown): string {
  if (err instanceof QueryError) return err.message;
  throw err;
}
