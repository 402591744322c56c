import type { Config, Logger } from '@ghl-payments/core';
import { parseRules, PipelineClients, Rule } from '@ghl-payments/pipeline';
import type { Account, AccountDirectory, Store } from '@ghl-payments/store';
import { DEFAULT_ACCOUNT } from '@ghl-payments/store';

/** What processing one account's events needs: its configuration (credentials overlaid), clients and rules. */
export interface AccountRuntime {
  account: string;
  config: Config;
  clients: PipelineClients;
  /** The account's own rules; undefined: the deployment's (RULES_FILE, GHL_STATUS_TAGS or the defaults). */
  rules?: readonly Rule[];
}

/** Why an account's events cannot run now: they wait, not counted as failures, until the operator acts. */
export type AccountUnavailable = { unavailable: string };

export interface AccountRuntimes {
  /** The runtime of an account's events, or why they must wait (unknown or disabled account, unreadable secrets). */
  runtimeOf(account: string): Promise<AccountRuntime | AccountUnavailable>;
  /** True once the database holds accounts: claims then give each account a fair share. Re-read every few seconds. */
  hasAccounts(): Promise<boolean>;
  /** The enabled accounts with a MercadoPago token, each with its runtime (scheduled reconciliation sweeps them). */
  listEnabled(): Promise<AccountRuntime[]>;
  close(): void;
}

export interface AccountRuntimesOptions {
  store: Store;
  config: Config;
  logger: Logger;
  /** The environment-configured shop's runtime (the `default` account). */
  defaultClients: PipelineClients;
  /** Stored accounts, decrypted; absent: only the default account exists. */
  directory?: AccountDirectory;
  /** Builds the clients of an account from its configuration (the worker's hooks, the shared budget). */
  buildClients(config: Config, account: string): PipelineClients;
  now?: () => number;
  /** How long a checked "are there accounts" answer holds (default 5 s). */
  recheckMs?: number;
}

/** An account's credentials over the deployment's settings (API URLs, timeouts, limits stay the deployment's). */
export function configForAccount(config: Config, account: Account): Config {
  return {
    ...config,
    mercadopago: {
      ...config.mercadopago, accessToken: account.mpAccessToken, webhookSecrets: account.mpWebhookSecrets, webhookSecret: account.mpWebhookSecrets[0],
    },
    ghl: { ...config.ghl, apiToken: account.ghlToken, locationId: account.ghlLocationId },
  };
}

/**
 * The runtimes of the accounts a worker meets, built on first use and rebuilt when the account changes (new
 * credentials or rules). Replaced clients are closed a minute later, once calls still using them are over.
 */
export function createAccountRuntimes(o: AccountRuntimesOptions): AccountRuntimes {
  const now = o.now ?? Date.now;
  const recheckMs = o.recheckMs ?? 5000;
  const built = new Map<string, { updatedAt: number; runtime: AccountRuntime }>();
  const retired = new Set<NodeJS.Timeout>();
  const defaultRuntime: AccountRuntime = { account: DEFAULT_ACCOUNT, config: o.config, clients: o.defaultClients };
  let known: { at: number; value: boolean } | null = null;

  const retire = (clients: PipelineClients): void => {
    const timer = setTimeout(() => { retired.delete(timer); clients.close(); }, 60_000);
    timer.unref();
    retired.add(timer);
  };

  const runtimeOf = async (slug: string): Promise<AccountRuntime | AccountUnavailable> => {
    if (slug === DEFAULT_ACCOUNT) return defaultRuntime;
    if (!o.directory) return { unavailable: `account ${slug} is not known to this worker (no accounts configured)` };
    let account: Account | null;
    try {
      account = await o.directory.find(slug);
    } catch (err) {
      return { unavailable: `the secrets of account ${slug} cannot be read: ${(err as Error).message}` };
    }
    if (!account) return { unavailable: `account ${slug} does not exist (any more): its events wait; add it again or retry them elsewhere` };
    if (!account.enabled) return { unavailable: `account ${slug} is disabled: its events wait until \`ghl-payments accounts enable ${slug}\`` };
    const cached = built.get(slug);
    if (cached && cached.updatedAt === account.updatedAt) return cached.runtime;
    let rules: Rule[] | undefined;
    try {
      rules = account.rules === null ? undefined : parseRules(account.rules, `(account ${slug})`);
    } catch (err) {
      return { unavailable: (err as Error).message };
    }
    const config = configForAccount(o.config, account);
    const runtime: AccountRuntime = { account: slug, config, clients: o.buildClients(config, slug), rules };
    if (cached) retire(cached.runtime.clients);
    built.set(slug, { updatedAt: account.updatedAt, runtime });
    o.logger.debug('account runtime built', { account: slug });
    return runtime;
  };

  return {
    runtimeOf,
    async listEnabled() {
      if (!o.directory) return [];
      const runtimes: AccountRuntime[] = [];
      for (const record of await o.store.listAccounts()) {
        if (!record.enabled || record.mpAccessTokenEnc === null) continue;
        const runtime = await runtimeOf(record.slug);
        if ('unavailable' in runtime) o.logger.warn(`account ${record.slug} is not swept: ${runtime.unavailable}`, { account: record.slug });
        else runtimes.push(runtime);
      }
      return runtimes;
    },
    async hasAccounts() {
      if (!o.directory) return false;
      if (known && now() - known.at < recheckMs) return known.value;
      const { count } = await o.store.readAccountsVersion();
      known = { at: now(), value: count > 0 };
      return known.value;
    },
    close() {
      for (const { runtime } of built.values()) runtime.clients.close();
      built.clear();
      for (const timer of retired) clearTimeout(timer);
      retired.clear();
    },
  };
}
