import { createWorkerMetrics } from '@ghl-payments/worker';
import type { WebhookEvent } from '@ghl-payments/store';
import { metricNames, metricValue } from '@ghl-payments/test-support';

describe('worker metrics', () => {
  it('exposes processed outcomes, attempt durations, upstream calls, rate-limit waits, circuit state and alerts', async () => {
    const m = createWorkerMetrics({ defaultMetrics: false });
    const event = { id: 1, account: 'default' } as WebhookEvent;
    m.workerHooks.onAttempt!({ event, result: 'success', durationMs: 120 });
    m.workerHooks.onAttempt!({ event, result: 'success', durationMs: 80 });
    m.workerHooks.onAttempt!({ event, result: 'retried', durationMs: 3000, error: 'GoHighLevel 503' });
    m.httpHooks.onCall!({ service: 'mercadopago', operation: 'GET /v1/payments/:id', status: 200, durationMs: 40 });
    m.httpHooks.onCall!({ service: 'ghl', operation: 'POST /contacts/upsert', status: 503, durationMs: 10 });
    m.httpHooks.onCall!({ service: 'ghl', operation: 'POST /contacts/upsert', status: 'timeout', durationMs: 10_000 });
    m.httpHooks.onRateLimitWait!({ service: 'ghl', kind: 'waited', ms: 1500 });
    m.httpHooks.onRateLimitWait!({ service: 'ghl', kind: 'deferred', ms: 20_000 });
    m.onCircuitChange({ service: 'ghl', from: 'closed', to: 'open', until: 1, failures: 5 });
    m.onAlert('sent');
    // an agency's account: its own series, its own circuit
    m.workerHooks.onAttempt!({ event: { id: 2, account: 'acme' } as WebhookEvent, result: 'success', durationMs: 50 });
    m.httpHooks.onCall!({ service: 'ghl', operation: 'POST /contacts/upsert', status: 200, durationMs: 10, account: 'acme' });
    m.onCircuitChange({ service: 'ghl@acme', from: 'closed', to: 'open', until: 1, failures: 5 });

    const text = await m.registry.metrics();
    expect(metricNames(text).sort()).toEqual([
      'ghl_payments_alerts_total', 'ghl_payments_attempt_duration_seconds', 'ghl_payments_circuit_opens_total', 'ghl_payments_circuit_state',
      'ghl_payments_events_processed_total', 'ghl_payments_rate_limit_wait_seconds_total', 'ghl_payments_rate_limit_waits_total',
      'ghl_payments_reconcile_missing_total', 'ghl_payments_reconcile_runs_total',
      'ghl_payments_upstream_call_duration_seconds', 'ghl_payments_upstream_calls_total',
    ]);
    expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'success' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'retried' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'failed' })).toBe(0);
    expect(metricValue(text, 'ghl_payments_attempt_duration_seconds_count', { outcome: 'success' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_attempt_duration_seconds_sum', { outcome: 'success' })).toBeCloseTo(0.2);
    expect(metricValue(text, 'ghl_payments_attempt_duration_seconds_bucket', { outcome: 'success', le: '0.1' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'mercadopago', status: '200' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'ghl', status: '503' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'ghl', status: 'timeout' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_rate_limit_waits_total', { service: 'ghl', kind: 'waited' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_rate_limit_waits_total', { service: 'ghl', kind: 'deferred' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_rate_limit_wait_seconds_total', { service: 'ghl' })).toBe(1.5);
    expect(metricValue(text, 'ghl_payments_circuit_state', { service: 'ghl' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_circuit_state', { service: 'mercadopago' })).toBe(0);
    expect(metricValue(text, 'ghl_payments_circuit_opens_total', { service: 'ghl' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_alerts_total', { result: 'sent' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'success', account: 'default' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_events_processed_total', { outcome: 'success', account: 'acme' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_upstream_calls_total', { service: 'ghl', status: '200', account: 'acme' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_circuit_state', { service: 'ghl', account: 'acme' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_circuit_opens_total', { service: 'ghl', account: 'default' })).toBe(1);
  });

  it('keeps one registry per worker', async () => {
    const a = createWorkerMetrics();
    const b = createWorkerMetrics();
    a.onAlert('error');
    expect(metricValue(await a.registry.metrics(), 'ghl_payments_alerts_total', { result: 'error' })).toBe(1);
    expect(metricValue(await b.registry.metrics(), 'ghl_payments_alerts_total', { result: 'error' })).toBeUndefined();
    expect(metricNames(await a.registry.metrics())).toContain('process_resident_memory_bytes');
  });
});
