import type { Lease, Store } from '@ghl-payments/store';

/**
 * Gives leased events back to pending, due at once, without counting a failure (attempt outcome `released`): the
 * worker is stopping, not the event failing. A lease already lost is skipped; errors are swallowed (the lease then
 * expires and the rescue takes the event back).
 */
export async function releaseLeases(store: Store, leases: readonly Lease[], options: { reason: string; worker: string; now: () => number }): Promise<void> {
  for (const lease of leases) {
    const at = options.now();
    await store.retryEventLater(lease, { outcome: 'released', error: `released: ${options.reason}`, nextRetryAt: at }, { worker: options.worker, startedAt: at, finishedAt: at })
      .catch(() => false);
  }
}
