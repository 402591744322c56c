import type * as PromClient from 'prom-client';
import type { Registry } from 'prom-client';
import type { HttpHooks } from '@ghl-payments/pipeline';
import { DEFAULT_ACCOUNT } from '@ghl-payments/store';
import type { CircuitChange, CircuitState } from './circuit-breaker';
import type { WorkerHooks } from './run-event';

/** Prometheus metrics of one worker process, fed by WorkerHooks, the pipeline's HttpHooks and the circuit breaker. */
export interface WorkerMetrics {
  registry: Registry;
  workerHooks: WorkerHooks;
  httpHooks: HttpHooks;
  onCircuitChange(change: CircuitChange): void;
  onAlert(result: 'sent' | 'error'): void;
}

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };
const UPSTREAMS = ['mercadopago', 'ghl'];

/** Creates the worker's registry (its own, so several workers in one test process do not collide). */
/** prom-client is loaded when metrics are built (a --loop worker serving /metrics), not by every cron run. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPromClient = (): typeof PromClient => require('prom-client');

export function createWorkerMetrics(options: { defaultMetrics?: boolean } = {}): WorkerMetrics {
  const { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } = loadPromClient();
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const processed = new Counter({
    name: 'ghl_payments_events_processed_total', help: 'Processing attempts by outcome (success, ignored, retried, deferred, failed, lost).',
    labelNames: ['outcome', 'account'], registers: [registry],
  });
  const duration = new Histogram({
    name: 'ghl_payments_attempt_duration_seconds', help: 'Duration of one processing attempt, by outcome.',
    labelNames: ['outcome', 'account'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry],
  });
  const calls = new Counter({
    name: 'ghl_payments_upstream_calls_total', help: 'Calls to MercadoPago and GoHighLevel by service and HTTP status (timeout / network-error when none).',
    labelNames: ['service', 'status', 'account'], registers: [registry],
  });
  const callDuration = new Histogram({
    name: 'ghl_payments_upstream_call_duration_seconds', help: 'Duration of calls to MercadoPago and GoHighLevel.',
    labelNames: ['service'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: 'ghl_payments_rate_limit_waits_total', help: 'Calls held back by the client-side rate limiter (waited) or events deferred by it (deferred).',
    labelNames: ['service', 'kind'], registers: [registry],
  });
  const rateLimitSeconds = new Counter({
    name: 'ghl_payments_rate_limit_wait_seconds_total', help: 'Time calls spent waiting for the rate limiter.',
    labelNames: ['service'], registers: [registry],
  });
  const circuitState = new Gauge({
    name: 'ghl_payments_circuit_state', help: 'Circuit breaker per upstream and account: 0 closed, 1 half-open, 2 open.',
    labelNames: ['service', 'account'], registers: [registry],
  });
  const circuitOpens = new Counter({
    name: 'ghl_payments_circuit_opens_total', help: 'Times the circuit of an upstream opened, per account.', labelNames: ['service', 'account'], registers: [registry],
  });
  const reconcileRuns = new Counter({
    name: 'ghl_payments_reconcile_runs_total', help: 'Reconciliation sweeps run by this worker, by result (ok, or error when one ended early).',
    labelNames: ['result', 'account'], registers: [registry],
  });
  const reconcileMissing = new Counter({
    name: 'ghl_payments_reconcile_missing_total', help: 'Payments reconciliation found at MercadoPago that were never recorded (no notification brought them).',
    labelNames: ['account'], registers: [registry],
  });
  const alerts = new Counter({
    name: 'ghl_payments_alerts_total', help: 'Failure alerts posted to ALERT_WEBHOOK_URL (sent) or not delivered (error).',
    labelNames: ['result'], registers: [registry],
  });
  const account = DEFAULT_ACCOUNT;
  for (const service of UPSTREAMS) {
    circuitState.set({ service, account }, 0);
    circuitOpens.inc({ service, account }, 0);
  }
  for (const outcome of ['success', 'ignored', 'retried', 'deferred', 'failed', 'lost']) processed.inc({ outcome, account }, 0);
  for (const result of ['ok', 'error']) reconcileRuns.inc({ result, account }, 0);
  reconcileMissing.inc({ account }, 0);

  return {
    registry,
    workerHooks: {
      onAttempt({ event, result, durationMs }) {
        processed.inc({ outcome: result, account: event.account });
        duration.observe({ outcome: result, account: event.account }, durationMs / 1000);
      },
      onReconciled(sweep) {
        const labels = { account: sweep.account ?? DEFAULT_ACCOUNT };
        reconcileRuns.inc({ result: sweep.errors > 0 ? 'error' : 'ok', ...labels });
        reconcileMissing.inc(labels, sweep.missing);
      },
    },
    httpHooks: {
      onCall(call) {
        calls.inc({ service: call.service, status: String(call.status), account: call.account ?? DEFAULT_ACCOUNT });
        callDuration.observe({ service: call.service }, call.durationMs / 1000);
      },
      onRateLimitWait(wait) {
        rateLimitWaits.inc({ service: wait.service, kind: wait.kind });
        if (wait.kind === 'waited') rateLimitSeconds.inc({ service: wait.service }, wait.ms / 1000);
      },
    },
    onCircuitChange(change) {
      const [service, account = DEFAULT_ACCOUNT] = change.service.split('@');
      circuitState.set({ service, account }, CIRCUIT_VALUE[change.to]);
      if (change.to === 'open') circuitOpens.inc({ service, account });
    },
    onAlert(result) {
      alerts.inc({ result });
    },
  };
}
