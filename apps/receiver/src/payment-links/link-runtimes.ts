import { Config, listSecrets } from '@ghl-payments/core';
import { createPipelineClients, PipelineClients } from '@ghl-payments/pipeline';
import { AccountDirectory, DEFAULT_ACCOUNT, Store } from '@ghl-payments/store';
import { configForAccount } from '@ghl-payments/worker';

/** What creating one account's payment links needs: its configuration, its MercadoPago and GoHighLevel clients. */
export interface PaymentLinkRuntime {
  account: string;
  /** The account's credentials over the deployment's settings (API URLs, PUBLIC_URL, timeouts stay the deployment's). */
  config: Config;
  clients: PipelineClients;
  /** The secret its GoHighLevel workflows must present; undefined: the workflow endpoint is off for it. */
  workflowSecret?: string;
  /** Every secret of the account's configuration, scrubbed from answers. */
  secrets: readonly string[];
}

/** Why an account has no runtime: unknown (or disabled), or its secrets cannot be read (the accounts' key). */
export type PaymentLinkRuntimeMissing = { missing: 'unknown-account' } | { missing: 'unreadable'; error: Error };

export interface PaymentLinkRuntimes {
  /** `default` (the environment's shop) or an enabled stored account. */
  runtimeOf(account: string): Promise<PaymentLinkRuntime | PaymentLinkRuntimeMissing>;
  /** Frees every client's sockets. */
  close(): void;
}

export interface PaymentLinkRuntimesOptions {
  store: Store;
  config: Config;
  /** Stored accounts; absent: only `default` exists. */
  accounts?: AccountDirectory;
  /** Builds an account's clients (default: createPipelineClients with the store as the shared GoHighLevel budget). */
  buildClients?(config: Config): PipelineClients;
}

/**
 * The clients payment links are created with, per account, built on first use: the receiver never calls MercadoPago
 * or GoHighLevel for notifications, but a link is created while its caller waits. An account's clients are rebuilt
 * when the account changes (new credentials); the replaced ones are closed a minute later.
 */
export function createPaymentLinkRuntimes(o: PaymentLinkRuntimesOptions): PaymentLinkRuntimes {
  const buildNow = o.buildClients ?? ((config: Config) => createPipelineClients(config, { store: o.store }));
  /** The clients are built when first used: a refused call (wrong secret, feature off) builds nothing. */
  const build = (config: Config): PipelineClients => {
    let clients: PipelineClients | undefined;
    const get = () => { clients ??= buildNow(config); return clients; };
    return {
      get mercadopago() { return get().mercadopago; },
      get ghl() { return get().ghl; },
      get customFieldIds() { return get().customFieldIds; },
      close() { clients?.close(); },
    };
  };
  let home: PaymentLinkRuntime | undefined;
  const built = new Map<string, { updatedAt: number; runtime: PaymentLinkRuntime }>();
  const retired = new Set<NodeJS.Timeout>();
  const retire = (clients: PipelineClients) => {
    const timer = setTimeout(() => { retired.delete(timer); clients.close(); }, 60_000);
    timer.unref();
    retired.add(timer);
  };
  return {
    async runtimeOf(slug) {
      if (slug === DEFAULT_ACCOUNT) {
        home ??= {
          account: DEFAULT_ACCOUNT, config: o.config, clients: build(o.config), workflowSecret: o.config.paymentLinks?.workflowSecret,
          secrets: listSecrets(o.config),
        };
        return home;
      }
      if (!o.accounts) return { missing: 'unknown-account' };
      let account;
      try {
        account = await o.accounts.findEnabled(slug);
      } catch (err) {
        return { missing: 'unreadable', error: err as Error };
      }
      if (!account) return { missing: 'unknown-account' };
      const cached = built.get(slug);
      if (cached && cached.updatedAt === account.updatedAt) return cached.runtime;
      const config = configForAccount(o.config, account);
      const runtime: PaymentLinkRuntime = {
        account: slug, config, clients: build(config), workflowSecret: account.ghlWorkflowSecret,
        secrets: [...listSecrets(config), ...(account.ghlWorkflowSecret ? [account.ghlWorkflowSecret] : [])],
      };
      if (cached) retire(cached.runtime.clients);
      built.set(slug, { updatedAt: account.updatedAt, runtime });
      return runtime;
    },
    close() {
      home?.clients.close();
      home = undefined;
      for (const { runtime } of built.values()) runtime.clients.close();
      built.clear();
      for (const timer of retired) clearTimeout(timer);
      retired.clear();
    },
  };
}

/** True when runtimeOf found no runtime. */
export function isRuntimeMissing(value: PaymentLinkRuntime | PaymentLinkRuntimeMissing): value is PaymentLinkRuntimeMissing {
  return 'missing' in value;
}
