import type { Config, Logger } from '@ghl-payments/core';
import type { Store, TagReservationKey, WebhookEvent } from '@ghl-payments/store';
import type { GhlClient } from './ghl-client';
import type { MercadoPagoClient } from './mercadopago-client';

/** Everything processing one event needs; `now` is injected so schedules and leases are testable. */
export interface ProcessContext {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => number;
  /** MercadoPago and GHL clients (built once per worker, shared by its tasks). */
  clients: PipelineClients;
  /**
   * Given by the worker for each attempt: the tag reservations applied in GoHighLevel are collected here and marked
   * `applied` in the same transaction as the attempt's outcome. Without it they are marked at once.
   */
  appliedTags?: TagReservationKey[];
}

/** The upstream clients of one worker process; `close()` frees their keep-alive sockets. */
export interface PipelineClients {
  mercadopago: MercadoPagoClient;
  ghl: GhlClient;
  close(): void;
}

/** How processing one event ended when it did not throw. Thrown RetryableError / PermanentError mean retry / failed. */
export type ProcessOutcome =
  | { status: 'success'; paymentId: number | null; summary: string }
  | { status: 'ignored'; reason: string; paymentId?: number | null };

export type ProcessEvent = (event: WebhookEvent, ctx: ProcessContext) => Promise<ProcessOutcome>;
