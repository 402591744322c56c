import type { Response } from 'express';
import type { AdminSession, SessionSigner } from '../auth/admin-session';
import type { OperatorDeps } from '../operator-deps';
import { QueryError } from '../api/query-error';
import { sendHtml } from './send-html';

/** What the dashboard's route handlers share. */
export interface AdminContext {
  deps: OperatorDeps;
  signer: SessionSigner;
  /** Sends a rendered page (secrets scrubbed). */
  page(res: Response, status: number, markup: string): void;
  /** The signed-in session (set by requireSession). */
  session(res: Response): AdminSession;
}

/** Builds the shared context of the dashboard routes. */
export function createAdminContext(deps: OperatorDeps, signer: SessionSigner): AdminContext {
  return {
    deps,
    signer,
    page: (res, status, markup) => sendHtml(res, status, markup, deps.secrets),
    session: (res) => res.locals.session as AdminSession,
  };
}

/** A QueryError's message (shown on the page), or rethrows anything else. */
export function queryErrorMessage(err: unknown): string {
  if (err instanceof QueryError) return err.message;
  throw err;
}
