import { Config, listSecrets } from '@ghl-payments/core';
import { createGhlClient } from './ghl-client';
import type { HttpHooks } from './http-hooks';
import { createMercadoPagoClient } from './mercadopago-client';
import type { PipelineClients } from './process-types';
import type { SharedBudget } from './shared-rate-limiter';
import { createCustomFieldIds } from './rules/custom-field-ids';

export interface PipelineClientOptions {
  /** Clock for notBefore and the rate limiter (default Date.now). */
  now?: () => number;
  /** Metrics callbacks (calls by status, rate-limit waits), shared by both clients. */
  hooks?: HttpHooks;
  /** Longest a GHL call waits for a rate-limit slot before its event is deferred (default 15 s). */
  maxRateLimitWaitMs?: number;
  /** The Store (or any SharedBudget): GHL_RATE_LIMIT is then one budget per location shared by every worker through the database. */
  store?: SharedBudget;
}

/** Builds the MercadoPago and GHL clients of one worker process from its Config. */
export function createPipelineClients(config: Config, options: PipelineClientOptions = {}): PipelineClients {
  const now = options.now ?? Date.now;
  const secrets = listSecrets(config);
  const mercadopago = createMercadoPagoClient({
    apiUrl: config.mercadopago.apiUrl,
    accessToken: config.mercadopago.accessToken,
    timeoutMs: config.httpTimeoutMs,
    now,
    hooks: options.hooks,
    secrets,
  });
  const ghl = createGhlClient({
    apiUrl: config.ghl.apiUrl,
    token: config.ghl.apiToken,
    locationId: config.ghl.locationId,
    apiVersion: config.ghl.apiVersion,
    timeoutMs: config.httpTimeoutMs,
    rateLimit: config.ghl.rateLimit,
    now,
    hooks: options.hooks,
    secrets,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
    budget: options.store,
  });
  return {
    mercadopago,
    ghl,
    customFieldIds: createCustomFieldIds(ghl, config.ghl.locationId),
    close() {
      mercadopago.close();
      ghl.close();
    },
  };
}
