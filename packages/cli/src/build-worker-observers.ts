import { Config, listSecrets, Logger } from '@ghl-payments/core';
import type { HttpHooks } from '@ghl-payments/pipeline';
import type { Store } from '@ghl-payments/store';
import {
  CircuitBreaker, CircuitChange, createCircuitBreaker, createFailureAlerter, createWorkerMetrics, FailureAlerter, WorkerHooks, WorkerMetrics,
} from '@ghl-payments/worker';
import { AlertScheduler, Alerts, buildAlertChannels, createAlerts, createAlertScheduler, ReconcileResult, watchCredentials } from '@ghl-payments/worker';
// not re-exported by the worker package's index (owned by another change): imported by path
import { createUpstreamPauses, UpstreamPauses } from '@ghl-payments/worker';

/** What watches one worker process: circuit breaker, Prometheus metrics, failure alerts, and the hooks that feed them. */
export interface WorkerObservers {
  breaker?: CircuitBreaker;
  metrics?: WorkerMetrics;
  alerter?: FailureAlerter;
  /** Every configured alert channel, in ALERT_LANGUAGE, throttled per kind through the database. */
  alerts: Alerts;
  /** The backlog-age and daily-digest checks: `start()` in `--loop`, `check()` once per cron run. */
  alertScheduler: AlertScheduler;
  /** Long upstream pauses (GoHighLevel's daily limit): recorded for every worker, alerted, applied to the clients. */
  pauses: UpstreamPauses;
  /** For createPipelineClients (every outbound call feeds the breaker and the metrics). */
  httpHooks: HttpHooks;
  /** For createWorker (attempt outcomes feed the metrics; `failed` events trigger alerts). */
  workerHooks: WorkerHooks;
}

/** Calls a hook so that a bug in an observer is logged and never reaches the event being processed. */
function guard<A>(logger: Logger, name: string, fns: Array<((arg: A) => void) | undefined>): (arg: A) => void {
  return (arg) => {
    for (const fn of fns) {
      try {
        fn?.(arg);
      } catch (err) {
        logger.warn(`observer ${name} failed`, { error: (err as Error).message });
      }
    }
  };
}

function logCircuitChange(logger: Logger, change: CircuitChange): void {
  if (change.to === 'open') {
    const about = change.resources !== undefined ? ` on ${change.resources} distinct resource(s)` : '';
    logger.warn(`${change.service} circuit open after ${change.failures} failure(s)${about}: no event is claimed until ${new Date(change.until ?? 0).toISOString()}; `
      + 'events that fail on it wait without using up their retries', { service: change.service, until: change.until });
  } else if (change.to === 'half-open') {
    logger.info(`${change.service} circuit half-open: trying one event`, { service: change.service });
  } else {
    logger.info(`${change.service} circuit closed: it answers again; resuming`, { service: change.service });
  }
}

/** Builds the observers the configuration asks for (`metrics`: serve Prometheus metrics). */
export function buildWorkerObservers(o: { config: Config; logger: Logger; store: Store; metrics: boolean; now?: () => number }): WorkerObservers {
  const { config, logger, store } = o;
  const now = o.now ?? Date.now;
  const metrics = o.metrics ? createWorkerMetrics() : undefined;
  const settings = config.worker.circuitBreaker;
  const breaker = settings ? createCircuitBreaker({
    ...settings,
    now,
    onChange: guard(logger, 'circuit', [(c: CircuitChange) => logCircuitChange(logger, c), metrics?.onCircuitChange]),
  }) : undefined;
  const secrets = listSecrets(config);
  const alerts = createAlerts({
    store, channels: buildAlertChannels(config), logger, now, secrets, onResult: metrics?.onAlert,
    language: config.alerts.language, timeZone: config.alerts.timeZone, publicUrl: config.alerts.publicUrl,
  });
  const alerting = alerts.channels.length > 0;
  const alerter = alerting ? createFailureAlerter({ store, alerts, logger, now, secrets }) : undefined;
  const pauses = createUpstreamPauses({ store, logger, now, alerts, secrets });
  const alertScheduler = createAlertScheduler({
    store, alerts, logger, now, backlogAgeMs: alerting ? config.alerts.backlogAgeMs : null, digestTime: alerting ? config.alerts.digestTime : null, timeZone: config.alerts.timeZone,
  });
  const onCredentials = alerting ? watchCredentials({ alerts, now }) : undefined;
  /** A sweep found payments no notification announced: tell the owner the notifications are not arriving. */
  const onReconciled = (result: ReconcileResult) => {
    if (!alerting || result.dryRun || result.silent.length === 0) return;
    alerts.notify({ kind: 'notifications-missing', payments: result.silent, windowStart: result.windowStart, windowEnd: result.windowEnd, account: result.account });
  };
  return {
    breaker,
    metrics,
    alerter,
    alerts,
    alertScheduler,
    pauses,
    httpHooks: {
      onCall: guard(logger, 'onCall', [breaker ? (call) => breaker.recordCall(call) : undefined, metrics?.httpHooks.onCall, pauses.onCall, onCredentials]),
      onRateLimitWait: guard(logger, 'onRateLimitWait', [metrics?.httpHooks.onRateLimitWait]),
      onUpstreamPause: guard(logger, 'onUpstreamPause', [pauses.onUpstreamPause]),
    },
    workerHooks: {
      onAttempt: guard(logger, 'onAttempt', [metrics?.workerHooks.onAttempt]),
      onFailed: guard(logger, 'onFailed', [alerter ? (f: { eventId: number }) => alerter.notify(f.eventId) : undefined]),
      onReconciled: guard(logger, 'onReconciled', [metrics?.workerHooks.onReconciled, onReconciled]),
    },
  };
}
