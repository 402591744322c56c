import type { Request } from 'express';
import type { Logger } from '@ghl-payments/core';
import { accountAuditEntry, AuditEntry, Store } from '@ghl-payments/store';
import type { SignInRoute, SignInThrottle } from '../auth/sign-in-throttle';

/** What recording an operator's action needs (a subset of OperatorDeps). */
export interface AuditDeps {
  store: Store;
  logger: Logger;
  now: () => number;
}

/** An action to record: who did it is worked out from the request unless `actor` is given. */
export type OperatorAction = Omit<AuditEntry, 'at' | 'actor' | 'client'> & { actor?: string };

/** `admin` for the admin token (or its session), `viewer:<account>` for an account's viewer token. */
export function operatorActor(viewer: string | null): string {
  return viewer === null ? 'admin' : `viewer:${viewer}`;
}

/**
 * Records an operator's action in the audit log with the client's address (`req.ip`: the proxy's, or the forwarded
 * one when TRUST_PROXY trusts it). A failure to record is logged, never answered: the action itself is done.
 */
export async function auditOperator(deps: AuditDeps, req: Request, viewer: string | null, action: OperatorAction): Promise<void> {
  const { actor, ...entry } = action;
  try {
    await deps.store.recordAudit({ ...entry, at: deps.now(), actor: actor ?? operatorActor(viewer), client: req.ip ?? null });
  } catch (err) {
    deps.logger.warn('could not record an operator action in the audit log', { action: action.action, error: (err as Error).message });
  }
}

/** Why a sign-in attempt on this route was refused, for the audit entry. */
const REFUSAL: Record<SignInRoute, string> = {
  '/admin/login': 'wrong_token', '/admin/login/code': 'used_or_expired_code', '/api': 'wrong_token', '/metrics': 'wrong_token',
};

/**
 * The throttle every token check shares, also recording each refused token or code in the audit log
 * (`sign-in-failed`, actor `anonymous`, the route as target): never what was presented. Attempts refused because
 * the address is throttled are not recorded one by one, so a flood adds at most the throttle's allowance per address.
 */
export function auditSignInFailures(throttle: SignInThrottle, deps: AuditDeps): SignInThrottle {
  return {
    ...throttle,
    async recordFailure(req, route) {
      await throttle.recordFailure(req, route);
      await auditOperator(deps, req, null, { actor: 'anonymous', action: 'sign-in-failed', target: route, detail: { reason: REFUSAL[route] } });
    },
  };
}

/**
 * Records a change to an account (`add`, `update`, `disable`, `enable`, `viewer-token`, `viewer-token-withdraw`) with
 * the names of the fields given (never their values: some are secrets); `rules-change` when only the rules changed.
 */
export async function auditAccountChange(
  deps: AuditDeps, req: Request, viewer: string | null, slug: string, change: string, fields?: object,
): Promise<void> {
  const names = fields === undefined ? undefined
    : Object.entries(fields).filter(([name, value]) => value !== undefined && name !== 'slug').map(([name]) => name);
  const { action, target, detail } = accountAuditEntry({ at: 0, actor: '', slug, change, fields: names });
  await auditOperator(deps, req, viewer, { action, target, detail });
}
