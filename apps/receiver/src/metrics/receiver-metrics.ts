import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '@ghl-payments/core';
import { BACKLOG_STATUSES, Store } from '@ghl-payments/store';
import type { ReceiverHooks } from '../receiver-hooks';
import { metricTopic } from './metric-topic';
import { createMetricsHandler } from './send-metrics';

export interface ReceiverMetricsDeps {
  store: Store;
  logger: Logger;
  now: () => number;
  isDatabaseReady: () => boolean;
  /** Node's process metrics (CPU, memory, event loop); default true. */
  defaultMetrics?: boolean;
}

/** The receiver's Prometheus registry, the hooks that feed it and the `/metrics` handler. */
export interface ReceiverMetrics {
  registry: Registry;
  hooks: ReceiverHooks;
  handler: RequestHandler;
}

/**
 * Counts notifications as they arrive; the queue gauges (backlog by status, due now, oldest pending age) and the
 * attempts recorded by every worker are read from the database at each scrape with index-bounded queries, so they
 * are right whichever process changed the rows.
 */
export function createReceiverMetrics(deps: ReceiverMetricsDeps): ReceiverMetrics {
  const registry = new Registry();
  if (deps.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const received = new Counter({
    name: 'ghl_payments_events_received_total',
    help: 'POST /webhooks/mp by notification type, outcome (received, duplicate, rejected, unavailable) and account (unknown: a slug no enabled account has).',
    labelNames: ['type', 'outcome', 'account'], registers: [registry],
  });
  const backlog = new Gauge({
    name: 'ghl_payments_backlog_events', help: 'Events waiting (pending), being processed (processing) or needing an operator (failed).',
    labelNames: ['status'], registers: [registry],
  });
  const attempts = new Counter({
    name: 'ghl_payments_attempts_recorded_total',
    help: 'Processing attempts recorded in the database by any worker since this receiver started, by outcome (lags one scrape).',
    labelNames: ['outcome'], registers: [registry],
  });
  const due = new Gauge({ name: 'ghl_payments_events_due', help: 'Pending events due now (not waiting for a retry time).', registers: [registry] });
  const oldest = new Gauge({
    name: 'ghl_payments_oldest_pending_age_seconds', help: 'Age of the oldest pending event since it was received (0 when none).', registers: [registry],
  });
  const databaseUp = new Gauge({ name: 'ghl_payments_database_up', help: '1 when the queue gauges could be read from the database.', registers: [registry] });
  for (const outcome of ['received', 'duplicate', 'rejected', 'unavailable']) received.inc({ type: 'payment', outcome, account: 'default' }, 0);
  for (const outcome of ['success', 'ignored', 'retry', 'deferred', 'failed', 'lost', 'released']) attempts.inc({ outcome }, 0);

  // Attempts are counted by id range, one scrape behind the newest id, so rows inserted by transactions still open at
  // the previous scrape (PostgreSQL hands out ids before commit) are never skipped.
  let counted: number | null = null;
  let seen = 0;
  const countAttempts = async (): Promise<void> => {
    const newest = await deps.store.maxAttemptId();
    if (counted === null) {
      counted = newest;
      seen = newest;
      return;
    }
    const byOutcome = await deps.store.countAttemptsBetween(counted, seen);
    for (const [outcome, n] of Object.entries(byOutcome)) attempts.inc({ outcome }, n);
    counted = seen;
    seen = newest;
  };

  let refreshing: Promise<void> | undefined; // concurrent scrapes share one refresh (and never count attempts twice)
  const refresh = async (): Promise<void> => {
    if (!deps.isDatabaseReady()) {
      databaseUp.set(0);
      return;
    }
    try {
      const now = deps.now();
      const queue = await deps.store.readBacklog(now);
      for (const status of BACKLOG_STATUSES) backlog.set({ status }, queue.byStatus[status]);
      due.set(queue.dueNow);
      oldest.set(queue.oldestPendingReceivedAt === null ? 0 : Math.max(0, (now - queue.oldestPendingReceivedAt) / 1000));
      await countAttempts();
      databaseUp.set(1);
    } catch (err) {
      databaseUp.set(0);
      deps.logger.warn('metrics: could not read the queue from the database', { error: (err as Error).message });
    }
  };

  return {
    registry,
    hooks: {
      onNotification({ topic, outcome, account }) {
        received.inc({ type: metricTopic(topic), outcome, account: account ?? 'default' });
      },
    },
    handler: createMetricsHandler(registry, () => (refreshing ??= refresh().finally(() => { refreshing = undefined; }))),
  };
}
