import type { Response } from 'express';

/** A viewer asked for another account's data: answered 403, nothing read. */
export class AccountAccessError extends Error {
  readonly status = 403;

  constructor(readonly account: string) {
    super(`forbidden: this viewer token only sees account ${account}`);
    this.name = 'AccountAccessError';
  }
}

/** The account an API request's viewer token is limited to; null for the admin token (set by requireOperatorToken). */
export function viewerAccountOf(res: Response): string | null {
  const account = res.locals.viewerAccount;
  return typeof account === 'string' ? account : null;
}

/**
 * The account a read is narrowed to: what was asked (undefined: every account) for the operator; always the viewer's
 * own account for a viewer, who may name it but no other (AccountAccessError).
 */
export function scopeAccount(viewer: string | null, requested: string | undefined): string | undefined {
  if (viewer === null) return requested;
  if (requested !== undefined && requested !== viewer) throw new AccountAccessError(viewer);
  return viewer;
}

/** Whether a row of `account` may be shown: always to the operator, to a viewer only when it is its account's. */
export function maySee(viewer: string | null, account: string): boolean {
  return viewer === null || viewer === account;
}
