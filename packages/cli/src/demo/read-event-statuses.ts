import type { Database, EventStatus } from '@ghl-payments/store';

/** Where one event stands. */
export interface EventState {
  status: EventStatus;
  attempts: number;
  lastError: string | null;
}

/** The status, attempts and last error of the given events. */
export async function readEventStatuses(db: Database, ids: readonly number[]): Promise<Map<number, EventState>> {
  const states = new Map<number, EventState>();
  if (ids.length === 0) return states;
  const rows = await db.knex('webhook_events').whereIn('id', [...ids]).select('id', 'status', 'attempts', 'last_error') as Array<Record<string, unknown>>;
  for (const row of rows) {
    states.set(Number(row.id), { status: row.status as EventStatus, attempts: Number(row.attempts), lastError: (row.last_error as string | null) ?? null });
  }
  return states;
}

/** True for the statuses an event stays in until an operator retries it. */
export function isFinalStatus(status: EventStatus | undefined): boolean {
  return status === 'success' || status === 'failed' || status === 'ignored';
}
