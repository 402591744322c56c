import { lastFour, SecretBox } from '@ghl-payments/core';
import { AccountChanges, AccountRecord, isValidAccountSlug } from './accounts';
import type { Store } from './store';

/** An account's secrets in clear, as an operator gives them; undefined leaves the stored value as it is. */
export interface AccountSecrets {
  mpAccessToken?: string;
  mpWebhookSecrets?: string[];
  ghlToken?: string;
  /** The secret its GoHighLevel workflows present to ask for payment links (docs/payment-links.md). */
  ghlWorkflowSecret?: string;
}

/** An account as the receiver and the worker use it: secrets decrypted (in memory only). */
export interface Account {
  slug: string;
  name: string;
  enabled: boolean;
  mpAccessToken?: string;
  mpWebhookSecrets: string[];
  ghlToken?: string;
  ghlLocationId?: string;
  /** The secret its GoHighLevel workflows present to ask for payment links; undefined: that endpoint is off. */
  ghlWorkflowSecret?: string;
  /** The account's rules file text (YAML or JSON); null: the default rules. */
  rules: string | null;
  updatedAt: number;
}

/** The AAD binding a ciphertext to its account and column: it cannot be copied into another row or field. */
const contextOf = (slug: string, field: string) => `account:${slug}:${field}`;

/** The encrypted columns (and their last four characters) for the secrets given. */
export function sealAccountSecrets(box: SecretBox, slug: string, secrets: AccountSecrets): AccountChanges {
  const changes: AccountChanges = {};
  if (secrets.mpAccessToken !== undefined) {
    changes.mpAccessTokenEnc = box.encrypt(secrets.mpAccessToken, contextOf(slug, 'mp_access_token'));
    changes.mpAccessTokenLast4 = lastFour(secrets.mpAccessToken);
  }
  if (secrets.mpWebhookSecrets !== undefined) {
    changes.mpWebhookSecretsEnc = box.encrypt(JSON.stringify(secrets.mpWebhookSecrets), contextOf(slug, 'mp_webhook_secrets'));
    changes.mpWebhookSecretsLast4 = secrets.mpWebhookSecrets.map(lastFour).join(',');
  }
  if (secrets.ghlToken !== undefined) {
    changes.ghlTokenEnc = box.encrypt(secrets.ghlToken, contextOf(slug, 'ghl_token'));
    changes.ghlTokenLast4 = lastFour(secrets.ghlToken);
  }
  if (secrets.ghlWorkflowSecret !== undefined) {
    changes.ghlWorkflowSecretEnc = box.encrypt(secrets.ghlWorkflowSecret, contextOf(slug, 'ghl_workflow_secret'));
    changes.ghlWorkflowSecretLast4 = lastFour(secrets.ghlWorkflowSecret);
  }
  return changes;
}

/** The stored account with its secrets decrypted; throws SecretBoxError (naming no secret) when the key is wrong. */
export function openAccount(box: SecretBox, record: AccountRecord): Account {
  const open = (value: string | null, field: string) => (value === null ? undefined : box.decrypt(value, contextOf(record.slug, field)));
  const secrets = open(record.mpWebhookSecretsEnc, 'mp_webhook_secrets');
  return {
    slug: record.slug,
    name: record.name,
    enabled: record.enabled,
    mpAccessToken: open(record.mpAccessTokenEnc, 'mp_access_token'),
    mpWebhookSecrets: secrets === undefined ? [] : (JSON.parse(secrets) as string[]),
    ghlToken: open(record.ghlTokenEnc, 'ghl_token'),
    ghlLocationId: record.ghlLocationId ?? undefined,
    ghlWorkflowSecret: open(record.ghlWorkflowSecretEnc ?? null, 'ghl_workflow_secret'),
    rules: record.rules,
    updatedAt: record.updatedAt,
  };
}

/**
 * After a key rotation: every account's secrets decrypted with whichever key wrote them and encrypted again with the
 * current key. Returns how many accounts were rewritten.
 */
export async function reencryptAccounts(store: Store, box: SecretBox, now: number): Promise<number> {
  let rewritten = 0;
  for (const record of await store.listAccounts()) {
    const stale = [record.mpAccessTokenEnc, record.mpWebhookSecretsEnc, record.ghlTokenEnc, record.ghlWorkflowSecretEnc ?? null]
      .some((v) => v !== null && box.needsRotation(v));
    if (!stale) continue;
    const account = openAccount(box, record);
    await store.updateAccount(record.slug, sealAccountSecrets(box, record.slug, {
      mpAccessToken: account.mpAccessToken,
      mpWebhookSecrets: record.mpWebhookSecretsEnc === null ? undefined : account.mpWebhookSecrets,
      ghlToken: account.ghlToken,
      ghlWorkflowSecret: account.ghlWorkflowSecret,
    }), now);
    rewritten += 1;
  }
  return rewritten;
}

/** Finds enabled accounts by slug, decrypted, re-reading the database at most every `ttlMs` per slug. */
export interface AccountDirectory {
  /** The account if it exists and is enabled; null otherwise. */
  findEnabled(slug: string): Promise<Account | null>;
  /** The account whatever its state, or null when unknown. */
  find(slug: string): Promise<Account | null>;
  /** Forgets what was read (after a change made by this process). */
  clear(): void;
}

/** `box` may be a getter: the key is then loaded (or created) only once a stored account is actually read. */
export function createAccountDirectory(store: Store, box: SecretBox | (() => SecretBox), o: { ttlMs?: number; now?: () => number } = {}): AccountDirectory {
  const boxOf = typeof box === 'function' ? box : () => box;
  const ttlMs = o.ttlMs ?? 5000;
  const now = o.now ?? Date.now;
  const cache = new Map<string, { at: number; account: Account | null }>();
  const find = async (slug: string): Promise<Account | null> => {
    const hit = cache.get(slug);
    if (hit && now() - hit.at < ttlMs) return hit.account;
    if (!isValidAccountSlug(slug)) return null;
    const record = await store.getAccount(slug);
    const account = record ? openAccount(boxOf(), record) : null;
    // only known slugs are kept: requests for made-up ones must not grow the cache
    if (account) cache.set(slug, { at: now(), account });
    else cache.delete(slug);
    return account;
  };
  return {
    find,
    async findEnabled(slug) {
      const account = await find(slug);
      return account?.enabled ? account : null;
    },
    clear: () => cache.clear(),
  };
}
