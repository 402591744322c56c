import type { NewEvent } from './event-types';

/** The columns of webhook_events written for a new notification, with their PostgreSQL types, in insertion order. */
export const NEW_EVENT_COLUMNS: ReadonlyArray<readonly [name: string, pgType: 'text' | 'int4' | 'int8']> = [
  ['dedup_key', 'text'], ['pending_key', 'text'], ['source', 'text'], ['topic', 'text'], ['raw_type', 'text'],
  ['action', 'text'], ['resource_id', 'text'], ['notification_id', 'text'], ['request_id', 'text'], ['signature', 'text'],
  ['payload', 'text'], ['headers', 'text'], ['query', 'text'], ['status', 'text'], ['attempts', 'int4'],
  ['failures', 'int4'], ['duplicates', 'int4'], ['next_retry_at', 'int8'], ['received_at', 'int8'], ['updated_at', 'int8'],
];

/** The values of a new, pending event row, in NEW_EVENT_COLUMNS order (due at once). */
export function toNewEventValues(event: NewEvent, now: number): unknown[] {
  return [
    event.dedupKey, event.pendingKey, event.source, event.topic, event.rawType, event.action, event.resourceId, event.notificationId,
    event.requestId, event.signature, event.payload, JSON.stringify(event.headers), JSON.stringify(event.query), 'pending', 0, 0, 0,
    now, now, now,
  ];
}
