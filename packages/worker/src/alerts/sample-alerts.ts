import type { AlertFacts } from './alert';

/** One example of every kind, marked as a test, for `ghl-payments alerts test` (ids and counts are made up). */
export function sampleAlertFacts(now: number): AlertFacts[] {
  const minute = 60_000;
  return [
    {
      kind: 'event-failed',
      event: { id: 0, topic: 'payment', resourceId: '123456789', attempts: 4, lastError: 'TEST ALERT: this is a sample, nothing failed', receivedAt: now - 25 * minute, paymentId: null },
    },
    { kind: 'credentials-rejected', service: 'mercadopago', rejections: 3, windowMs: 10 * minute, lastStatus: 401, operation: 'GET /v1/payments/:id' },
    {
      kind: 'notifications-missing',
      payments: [{ mpPaymentId: '123456789', status: 'approved', dateCreated: new Date(now - 40 * minute).toISOString() }],
      windowStart: now - 72 * 60 * minute, windowEnd: now,
    },
    { kind: 'signatures-rejected', rejections: 5, windowMs: 10 * minute },
    { kind: 'backlog-stuck', oldestReceivedAt: now - 45 * minute, pending: 12, thresholdMs: 30 * minute },
    { kind: 'upstream-paused', service: 'ghl', until: now + 8 * 60 * minute, reason: 'TEST ALERT: daily GoHighLevel limit reached (sample)', daily: true },
    {
      kind: 'daily-digest', from: now - 24 * 60 * minute, to: now,
      counts: { paymentsReceived: 42, approved: 38, actionsApplied: 40, failed: 1, recovered: 2, waitingNow: 0 },
    },
  ];
}
