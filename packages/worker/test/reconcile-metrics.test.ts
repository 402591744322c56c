import { createWorkerMetrics, ReconcileResult } from '@ghl-payments/worker';
import { metricValue } from '@ghl-payments/test-support';

function sweep(overrides: Partial<ReconcileResult> = {}): ReconcileResult {
  return {
    id: 1, windowStart: 0, windowEnd: 1, startedAt: 1, finishedAt: 2, pages: 1, checked: 10, missing: 2, changed: 1, queued: 3, errors: 0,
    dryRun: false, silent: [], ...overrides,
  };
}

describe('worker metrics: reconciliation', () => {
  it('counts sweeps by result and the missing payments they found', async () => {
    const m = createWorkerMetrics({ defaultMetrics: false });
    let text = await m.registry.metrics();
    expect(metricValue(text, 'ghl_payments_reconcile_runs_total', { result: 'ok' })).toBe(0);
    expect(metricValue(text, 'ghl_payments_reconcile_missing_total')).toBe(0);

    m.workerHooks.onReconciled!(sweep());
    m.workerHooks.onReconciled!(sweep({ missing: 5 }));
    m.workerHooks.onReconciled!(sweep({ missing: 0, errors: 1 }));
    text = await m.registry.metrics();
    expect(metricValue(text, 'ghl_payments_reconcile_runs_total', { result: 'ok' })).toBe(2);
    expect(metricValue(text, 'ghl_payments_reconcile_runs_total', { result: 'error' })).toBe(1);
    expect(metricValue(text, 'ghl_payments_reconcile_missing_total')).toBe(7);
  });
});
