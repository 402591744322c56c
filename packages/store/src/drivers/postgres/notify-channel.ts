/** The channel workers LISTEN on; the webhook_events insert trigger (migration 20261130000002) and retries notify it. */
export const EVENTS_NOTIFY_CHANNEL = 'ghl_payments_events';
