import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '@ghl-payments/core';
import { Database, EVENT_STATUSES, readBacklog } from '@ghl-payments/store';
import type { ReceiverHooks } from '../receiver-hooks';
import { metricTopic } from './metric-topic';
import { createMetricsHandler } from './send-metrics';

export interface ReceiverMetricsDeps {
  db: Database;
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
 * Counts notifications as they arrive; the queue gauges (events by status, due now, oldest pending age) are read from
 * the database at each scrape, so they are right whichever process changed the rows.
 */
export function createReceiverMetrics(deps: ReceiverMetricsDeps): ReceiverMetrics {
  const registry = new Registry();
  if (deps.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const received = new Counter({
    name: 'ghl_payments_events_received_total',
    help: 'POST /webhooks/mp by notification type and outcome (received, duplicate, rejected, unavailable).',
    labelNames: ['type', 'outcome'], registers: [registry],
  });
  const events = new Gauge({
    name: 'ghl_payments_events', help: 'Events in the database by status (pending and processing are the backlog).',
    labelNames: ['status'], registers: [registry],
  });
  const due = new Gauge({ name: 'ghl_payments_events_due', help: 'Pending events due now (not waiting for a retry time).', registers: [registry] });
  const oldest = new Gauge({
    name: 'ghl_payments_oldest_pending_age_seconds', help: 'Age of the oldest pending event since it was received (0 when none).', registers: [registry],
  });
  const databaseUp = new Gauge({ name: 'ghl_payments_database_up', help: '1 when the queue gauges could be read from the database.', registers: [registry] });
  for (const outcome of ['received', 'duplicate', 'rejected', 'unavailable']) received.inc({ type: 'payment', outcome }, 0);

  const refresh = async (): Promise<void> => {
    if (!deps.isDatabaseReady()) {
      databaseUp.set(0);
      return;
    }
    try {
      const now = deps.now();
      const backlog = await readBacklog(deps.db, now);
      for (const status of EVENT_STATUSES) events.set({ status }, backlog.byStatus[status]);
      due.set(backlog.dueNow);
      oldest.set(backlog.oldestPendingReceivedAt === null ? 0 : Math.max(0, (now - backlog.oldestPendingReceivedAt) / 1000));
      databaseUp.set(1);
    } catch (err) {
      databaseUp.set(0);
      deps.logger.warn('metrics: could not read the queue from the database', { error: (err as Error).message });
    }
  };

  return {
    registry,
    hooks: {
      onNotification({ topic, outcome }) {
        received.inc({ type: metricTopic(topic), outcome });
      },
    },
    handler: createMetricsHandler(registry, refresh),
  };
}
