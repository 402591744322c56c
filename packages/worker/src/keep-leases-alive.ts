import type { Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import type { LeasedEvents } from './leased-events';

/**
 * Renews every lease the worker holds (running and waiting events) every third of the lease, so a slow event is not
 * taken over by another worker while it runs. Returns the function that stops renewing.
 */
export function keepLeasesAlive(options: { store: Store; events: LeasedEvents; leaseMs: number; now: () => number; logger: Logger }): () => void {
  const { store, events, leaseMs, now, logger } = options;
  const renew = async (): Promise<void> => {
    const leases = events.allLeases();
    if (leases.length === 0) return;
    const renewed = await store.renewLeases(leases, leaseMs, now());
    for (const lease of leases) {
      if (!renewed.has(lease.eventId) && events.isRunning(lease.eventId)) {
        logger.warn('lease could not be renewed; the event may be taken by another worker', { eventId: lease.eventId });
      }
    }
  };
  const timer = setInterval(() => {
    renew().catch((err: Error) => logger.warn('lease renewal failed', { error: err.message }));
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
