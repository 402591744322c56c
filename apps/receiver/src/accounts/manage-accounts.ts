import { Config, loadAccountsKey, Logger } from '@ghl-payments/core';
import { AccountChanges, AccountRecord, sealAccountSecrets, Store } from '@ghl-payments/store';
import { createViewerToken } from '../auth/viewer-token';
import type { AccountFields } from './account-input';

/** What adding and changing accounts need (a subset of OperatorDeps). */
export interface AccountsDeps {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => number;
}

/** How a write to an account went: the account as stored now, or why nothing was written. */
export type AccountWrite = { state: 'ok'; account: AccountRecord } | { state: 'not-found' } | { state: 'taken' };

/**
 * The columns for the fields given: plain ones as they are, secrets encrypted with the accounts' key (created on first
 * use, like `accounts add` does). Secrets never go anywhere else: not into a log, not into an answer.
 */
function toChanges(deps: AccountsDeps, slug: string, fields: AccountFields): AccountChanges {
  const changes: AccountChanges = {};
  if (fields.name !== undefined) changes.name = fields.name;
  if (fields.enabled !== undefined) changes.enabled = fields.enabled;
  if (fields.ghlLocationId !== undefined) changes.ghlLocationId = fields.ghlLocationId;
  if (fields.rules !== undefined) changes.rules = fields.rules;
  const secrets = { mpAccessToken: fields.mpAccessToken, mpWebhookSecrets: fields.mpWebhookSecrets, ghlToken: fields.ghlToken, ghlWorkflowSecret: fields.ghlWorkflowSecret };
  if (Object.values(secrets).some((v) => v !== undefined)) {
    Object.assign(changes, sealAccountSecrets(loadAccountsKey(deps.config).box, slug, secrets));
  }
  return changes;
}

/** Which fields a change touched, for the log (names only). */
const changedFields = (fields: AccountFields) => Object.keys(fields).filter((k) => fields[k as keyof AccountFields] !== undefined);

/** Adds an account (enabled unless told otherwise); `taken` when the slug is. */
export async function addAccount(deps: AccountsDeps, fields: AccountFields & { slug: string; name: string }): Promise<AccountWrite> {
  const { store } = deps;
  if (await store.getAccount(fields.slug)) return { state: 'taken' };
  const record: Omit<AccountRecord, 'createdAt' | 'updatedAt'> = {
    slug: fields.slug, name: fields.name, enabled: fields.enabled ?? true,
    mpAccessTokenEnc: null, mpAccessTokenLast4: null, mpWebhookSecretsEnc: null, mpWebhookSecretsLast4: null,
    ghlTokenEnc: null, ghlTokenLast4: null, ghlLocationId: null, rules: null, viewerTokenHash: null,
  };
  Object.assign(record, toChanges(deps, fields.slug, fields));
  if (!await store.createAccount(record, deps.now())) return { state: 'taken' };
  deps.logger.info('operator added an account', { account: fields.slug, fields: changedFields(fields) });
  const account = await store.getAccount(fields.slug);
  return account ? { state: 'ok', account } : { state: 'not-found' };
}

/** Changes the fields given; a disabled account's viewer sessions end at once. */
export async function changeAccount(deps: AccountsDeps, slug: string, fields: AccountFields): Promise<AccountWrite> {
  const { store } = deps;
  if (!await store.getAccount(slug)) return { state: 'not-found' };
  const now = deps.now();
  if (!await store.updateAccount(slug, toChanges(deps, slug, fields), now)) return { state: 'not-found' };
  if (fields.enabled === false) await store.revokeAccountSessions(slug, now);
  deps.logger.info('operator changed an account', { account: slug, fields: changedFields(fields) });
  const account = await store.getAccount(slug);
  return account ? { state: 'ok', account } : { state: 'not-found' };
}

/**
 * A new viewer token for the account (the old one, if any, stops working, and the sessions opened with it end): the
 * token in clear, to be shown once, and the account. Null when there is no such account.
 */
export async function issueViewerToken(deps: AccountsDeps, slug: string): Promise<{ token: string; account: AccountRecord } | null> {
  const { token, hash } = createViewerToken();
  const now = deps.now();
  if (!await deps.store.updateAccount(slug, { viewerTokenHash: hash }, now)) return null;
  await deps.store.revokeAccountSessions(slug, now);
  deps.logger.info('operator issued a viewer token', { account: slug });
  const account = await deps.store.getAccount(slug);
  return account ? { token, account } : null;
}

/** Withdraws the account's viewer token (and ends its sessions); the account, or null when unknown. */
export async function withdrawViewerToken(deps: AccountsDeps, slug: string): Promise<AccountRecord | null> {
  const now = deps.now();
  if (!await deps.store.updateAccount(slug, { viewerTokenHash: null }, now)) return null;
  await deps.store.revokeAccountSessions(slug, now);
  deps.logger.info('operator withdrew a viewer token', { account: slug });
  return deps.store.getAccount(slug);
}
