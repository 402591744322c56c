import type { EventStatus, Store } from '@ghl-payments/store';

/** Where one event stands. */
export interface EventState {
  status: EventStatus;
  attempts: number;
  lastError: string | null;
}

/** The status, attempts and last error of the given events (the demo tracks a handful, so one lookup each). */
export async function readEventStatuses(store: Store, ids: readonly number[]): Promise<Map<number, EventState>> {
  const states = new Map<number, EventState>();
  const events = await Promise.all(ids.map((id) => store.getEvent(id)));
  for (const event of events) {
    if (event) states.set(event.id, { status: event.status, attempts: event.attempts, lastError: event.lastError });
  }
  return states;
}

/** True for the statuses an event stays in until an operator retries it. */
export function isFinalStatus(status: EventStatus | undefined): boolean {
  return status === 'success' || status === 'failed' || status === 'ignored';
}
