import type { Config, Logger } from '@ghl-payments/core';
import type { AppliedAction, Store, WebhookEvent } from '@ghl-payments/store';
import type { GhlClient } from './ghl-client';
import type { MercadoPagoClient } from './mercadopago-client';
import type { CustomFieldIds } from './rules/custom-field-ids';
import type { Rule } from './rules/rule-schema';

/** Everything processing one event needs; `now` is injected so schedules and leases are testable. */
export interface ProcessContext {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => number;
  /** MercadoPago and GHL clients (built once per worker, shared by its tasks). */
  clients: PipelineClients;
  /** The rules in force, loaded once at start; default: those of `config.rules` (read once per config). */
  rules?: readonly Rule[];
  /**
   * Given by the worker for each attempt: the rule actions performed in GoHighLevel are collected here and marked
   * `applied` in the same transaction as the attempt's outcome. Without it they are marked at once.
   */
  appliedActions?: AppliedAction[];
}

/** The upstream clients of one worker process; `close()` frees their keep-alive sockets. */
export interface PipelineClients {
  mercadopago: MercadoPagoClient;
  ghl: GhlClient;
  /** Custom field ids by key, listed from GoHighLevel once and kept (setCustomFields). */
  customFieldIds: CustomFieldIds;
  close(): void;
}

/** How processing one event ended when it did not throw. Thrown RetryableError / PermanentError mean retry / failed. */
export type ProcessOutcome =
  | { status: 'success'; paymentId: number | null; summary: string }
  | { status: 'ignored'; reason: string; paymentId?: number | null };

export type ProcessEvent = (event: WebhookEvent, ctx: ProcessContext) => Promise<ProcessOutcome>;
