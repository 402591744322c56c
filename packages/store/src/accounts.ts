import type { Driver } from './drivers/driver';
import { DEFAULT_ACCOUNT } from './event-types';

/**
 * One client of an agency, as stored (docs/agencies.md). Secrets are ciphertexts written by core's secret box; the
 * store never sees them in clear. `rules`: the account's rules file text (YAML or JSON), null for the defaults.
 */
export interface AccountRecord {
  slug: string;
  name: string;
  enabled: boolean;
  mpAccessTokenEnc: string | null;
  mpAccessTokenLast4: string | null;
  /** JSON array of the webhook secrets, encrypted as one value. */
  mpWebhookSecretsEnc: string | null;
  /** The last four characters of each webhook secret, comma-separated. */
  mpWebhookSecretsLast4: string | null;
  ghlTokenEnc: string | null;
  ghlTokenLast4: string | null;
  ghlLocationId: string | null;
  rules: string | null;
  /** SHA-256 (hex) of the read-only viewer token, null when the account has none. */
  viewerTokenHash: string | null;
  /** The secret its GoHighLevel workflows present to ask for payment links (docs/payment-links.md), encrypted; absent: none. */
  ghlWorkflowSecretEnc?: string | null;
  ghlWorkflowSecretLast4?: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A new account: a slug and a name; every other field may come later (absent: none, and enabled). */
export type NewAccount = Pick<AccountRecord, 'slug' | 'name'> & Partial<Omit<AccountRecord, 'slug' | 'name' | 'createdAt' | 'updatedAt'>>;

/** What `accounts add` and `update` may set; everything else is kept. */
export type AccountChanges = Partial<Omit<AccountRecord, 'slug' | 'createdAt' | 'updatedAt'>>;

/** A URL-safe slug: lower-case letters, digits and dashes, 1–24 characters, starting with a letter or digit. */
export const ACCOUNT_SLUG = /^[a-z0-9][a-z0-9-]{0,23}$/;

/** True for a slug an account may take: well-formed and not the environment-configured shop's (`default`). */
export function isValidAccountSlug(slug: string): boolean {
  return ACCOUNT_SLUG.test(slug) && slug !== DEFAULT_ACCOUNT;
}

const COLUMNS: Record<keyof AccountRecord, string> = {
  slug: 'slug',
  name: 'name',
  enabled: 'enabled',
  mpAccessTokenEnc: 'mp_access_token_enc',
  mpAccessTokenLast4: 'mp_access_token_last4',
  mpWebhookSecretsEnc: 'mp_webhook_secrets_enc',
  mpWebhookSecretsLast4: 'mp_webhook_secrets_last4',
  ghlTokenEnc: 'ghl_token_enc',
  ghlTokenLast4: 'ghl_token_last4',
  ghlLocationId: 'ghl_location_id',
  rules: 'rules',
  viewerTokenHash: 'viewer_token_hash',
  ghlWorkflowSecretEnc: 'ghl_workflow_secret_enc',
  ghlWorkflowSecretLast4: 'ghl_workflow_secret_last4',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const toColumns = (changes: Partial<AccountRecord>): Record<string, unknown> => Object.fromEntries(
  Object.entries(changes).filter(([, v]) => v !== undefined).map(([k, v]) => [COLUMNS[k as keyof AccountRecord], v]),
);

function toAccount(row: Record<string, unknown>): AccountRecord {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    slug: String(row.slug),
    name: String(row.name),
    enabled: row.enabled === true || row.enabled === 1 || row.enabled === '1',
    mpAccessTokenEnc: text(row.mp_access_token_enc),
    mpAccessTokenLast4: text(row.mp_access_token_last4),
    mpWebhookSecretsEnc: text(row.mp_webhook_secrets_enc),
    mpWebhookSecretsLast4: text(row.mp_webhook_secrets_last4),
    ghlTokenEnc: text(row.ghl_token_enc),
    ghlTokenLast4: text(row.ghl_token_last4),
    ghlLocationId: text(row.ghl_location_id),
    rules: text(row.rules),
    viewerTokenHash: text(row.viewer_token_hash),
    ghlWorkflowSecretEnc: text(row.ghl_workflow_secret_enc),
    ghlWorkflowSecretLast4: text(row.ghl_workflow_secret_last4),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Adds an account; false (nothing written) when the slug is taken. */
export async function createAccount(db: Driver, account: NewAccount, now: number): Promise<boolean> {
  const inserted = await db.knex('accounts')
    .insert(toColumns({ enabled: true, ...account, createdAt: now, updatedAt: now }))
    .onConflict('slug').ignore()
    .returning('slug');
  return inserted.length > 0;
}

/** Changes an account's fields; false when there is no such account. */
export async function updateAccount(db: Driver, slug: string, changes: AccountChanges, now: number): Promise<boolean> {
  const updated = await db.knex('accounts').where({ slug }).update(toColumns({ ...changes, updatedAt: now }));
  return Number(updated) > 0;
}

export async function getAccount(db: Driver, slug: string): Promise<AccountRecord | null> {
  const row = await db.knex('accounts').where({ slug }).first();
  return row ? toAccount(row) : null;
}

/** Every account, by slug. */
export async function listAccounts(db: Driver): Promise<AccountRecord[]> {
  return (await db.knex('accounts').orderBy('slug')).map(toAccount);
}

/** The account whose viewer token has this SHA-256, or null. */
export async function findAccountByViewerToken(db: Driver, tokenHash: string): Promise<AccountRecord | null> {
  const row = await db.knex('accounts').where({ viewer_token_hash: tokenHash }).first();
  return row ? toAccount(row) : null;
}

/** The latest change to any account (0 when none): workers reload their account list when it moves. */
export async function readAccountsVersion(db: Driver): Promise<{ count: number; updatedAt: number }> {
  const row = await db.knex('accounts').count({ count: '*' }).max({ updated: 'updated_at' }).first();
  return { count: Number(row?.count ?? 0), updatedAt: Number(row?.updated ?? 0) };
}
