import { createSilentLogger } from '@ghl-payments/core';
import { createTestDatabase, openDatabase, seedEvents, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';
import { createRetentionScheduler, PURGE_INTERVAL_MS, PURGE_JOB } from '../src';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 8, 3, 0, 0);

describe(`retention in the worker: once a day, one worker at a time (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  const scheduler = (workerId: string, now: () => number, maxAgeMs: number | null = 180 * DAY, store = t.db) =>
    createRetentionScheduler({ store, maxAgeMs, workerId, now, logger: createSilentLogger() });
  beforeEach(async () => {
    t = await createTestDatabase();
    await seedEvents(t.db, [
      { status: 'success', receivedAt: NOW - 200 * DAY },
      { status: 'failed', receivedAt: NOW - 190 * DAY },
      { status: 'pending', receivedAt: NOW - 200 * DAY },
      { status: 'success', receivedAt: NOW - DAY },
    ]);
  });
  afterEach(async () => { await t.destroy(); });

  it('purges on its first run, then not again until a day later', async () => {
    let now = NOW;
    const a = scheduler('host:1:a', () => now);
    expect(await a.runIfDue()).toEqual({ events: 2, payments: 0, texts: 0 });
    const lease = await t.db.knex('reconcile_leases').where('name', PURGE_JOB).first();
    expect(lease).toMatchObject({ owner: null });
    expect(Number(lease.due_at)).toBe(NOW + PURGE_INTERVAL_MS);
    const [entry] = (await t.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).data;
    expect(entry).toMatchObject({ actor: 'worker', detail: { worker: 'host:1:a', events: 2 } });

    now = NOW + PURGE_INTERVAL_MS - 1;
    expect(await a.runIfDue()).toBeNull();
    expect(await scheduler('host:2:b', () => now).runIfDue()).toBeNull();
    await seedEvents(t.db, [{ status: 'ignored', receivedAt: NOW - 185 * DAY }]);
    now = NOW + PURGE_INTERVAL_MS;
    expect(await scheduler('host:2:b', () => now).runIfDue()).toEqual({ events: 1, payments: 0, texts: 0 });
    expect((await t.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).total).toBe(2);
  });

  it('two workers due at once: one of them purges', async () => {
    const other = openDatabase(t);
    try {
      const results = await Promise.all([scheduler('host:1:a', () => NOW).runIfDue(), scheduler('host:2:b', () => NOW, 180 * DAY, other).runIfDue()]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await t.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).total).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('RETENTION_DAYS=off: never purges, never takes the lease', async () => {
    expect(await scheduler('host:1:a', () => NOW, null).runIfDue()).toBeNull();
    expect(await t.db.knex('reconcile_leases').where('name', PURGE_JOB).first()).toBeUndefined();
    expect((await t.db.listAudit({}, { limit: 5, offset: 0 })).total).toBe(0);
  });

  it('in the loop, poll starts it in the background and settle waits for it', async () => {
    const s = scheduler('host:1:a', () => NOW);
    s.poll(() => false);
    s.poll(() => false); // already running or checked: nothing more
    await s.settle();
    expect((await t.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).total).toBe(1);
  });
});
