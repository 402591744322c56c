import { TestDatabase, createTestDatabase, seedEvent } from '@ghl-payments/test-support';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 30, 12, 30, 30); // 12:30:30 UTC

describe('getStats', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedEvent(t.db, { status: 'pending', receivedAt: NOW - 10 * MIN, nextRetryAt: NOW + MIN });
    await seedEvent(t.db, { status: 'pending', receivedAt: NOW - 2 * MIN });
    await seedEvent(t.db, { status: 'processing', receivedAt: NOW - MIN });
    await seedEvent(t.db, {
      status: 'success', receivedAt: NOW - 5 * MIN, processedAt: NOW - 4 * MIN,
      history: [{ outcome: 'retry', startedAt: NOW - 5 * MIN, durationMs: 100 }, { outcome: 'success', startedAt: NOW - 4 * MIN, durationMs: 100 }],
    });
    await seedEvent(t.db, { status: 'failed', topic: 'merchant_order', receivedAt: NOW - 3 * 3600_000, processedAt: NOW - 3 * 3600_000 });
    await seedEvent(t.db, { status: 'ignored', topic: 'merchant_order', receivedAt: NOW - 2 * 86_400_000 });
  });
  afterAll(async () => { await t.destroy(); });

  it('counts by status and type and measures the backlog', async () => {
    const s = await t.db.getStats(NOW);
    expect(s.byStatus).toEqual({ pending: 2, processing: 1, success: 1, failed: 1, ignored: 1 });
    expect(s.byType).toEqual({ merchant_order: 2, payment: 4 });
    expect(s.dueNow).toBe(1);
    expect(s.oldestPendingAgeSeconds).toBe(600);
  });

  it('counts the last hour and day', async () => {
    const s = await t.db.getStats(NOW);
    expect(s.lastHour).toEqual({ received: 4, succeeded: 1, failed: 0 });
    expect(s.lastDay).toEqual({ received: 5, succeeded: 1, failed: 1 });
  });

  it('builds sixty per-minute buckets ending with the current minute', async () => {
    const s = await t.db.getStats(NOW);
    expect(s.perMinute).toHaveLength(60);
    expect(s.perMinute[59].minute).toBe(Date.UTC(2026, 10, 30, 12, 30));
    expect(s.perMinute[0].minute).toBe(Date.UTC(2026, 10, 30, 11, 31));
    const at = (minutesAgo: number) => s.perMinute[59 - minutesAgo];
    expect(at(10).received).toBe(1);
    expect(at(5)).toMatchObject({ received: 1, retry: 1, success: 0 });
    expect(at(4)).toMatchObject({ received: 0, success: 1 });
    expect(s.perMinute.reduce((sum, m) => sum + m.received, 0)).toBe(4);
  });

  it('follows the backlog: events received and not yet finished at the end of each minute', async () => {
    const s = await t.db.getStats(NOW);
    const at = (minutesAgo: number) => s.perMinute[59 - minutesAgo];
    expect(at(50)).toMatchObject({ backlog: 0, oldestBacklogAgeSeconds: null });
    expect(at(10)).toMatchObject({ backlog: 1, oldestBacklogAgeSeconds: 30 }); // 12:21:00, the first pending came at 12:20:30
    expect(at(5)).toMatchObject({ backlog: 2, oldestBacklogAgeSeconds: 330 }); // the success was still in flight at 12:26:00
    expect(at(4)).toMatchObject({ backlog: 1 }); // finished at 12:26:30
    expect(at(0)).toMatchObject({ backlog: 3, oldestBacklogAgeSeconds: 600 }); // now: two pending and one processing
  });

  it('reports no backlog age when nothing is pending', async () => {
    const empty = await createTestDatabase();
    try {
      const s = await empty.db.getStats(NOW);
      expect(s.oldestPendingAgeSeconds).toBeNull();
      expect(s.byStatus.pending).toBe(0);
      expect(s.byType).toEqual({});
    } finally {
      await empty.destroy();
    }
  });
});
