import { TestDatabase, createTestDatabase, seedEvent } from '@ghl-payments/test-support';

const NOW = 1_800_000_000_000;

describe('retryEvent and retryEvents', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  const row = (id: number) => t.db.knex('webhook_events').where('id', id).first();

  it('sends a failed event back to pending, due now, with a fresh retry schedule and no lease', async () => {
    const id = await seedEvent(t.db, { status: 'failed', attempts: 4, failures: 4, leaseOwner: 'old-worker' });
    const result = await t.db.retryEvent(id, NOW);
    expect(result).toMatchObject({ state: 'retried', event: { id, status: 'pending', failures: 0, attempts: 4, nextRetryAt: NOW, leaseOwner: null } });
    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'pending', lease_owner: null, lease_expires_at: null, processed_at: null });
    expect(Number(stored.next_retry_at)).toBe(NOW);
    expect(Number(stored.updated_at)).toBe(NOW);
    const claimed = await t.db.claimDueEvents({ owner: 'w', limit: 10, leaseMs: 1000, now: NOW });
    expect(claimed.map((e) => e.id)).toEqual([id]);
  });

  it('retries ignored and pending events too', async () => {
    const ignored = await seedEvent(t.db, { status: 'ignored' });
    const pending = await seedEvent(t.db, { status: 'pending', nextRetryAt: NOW + 600_000, failures: 2 });
    expect((await t.db.retryEvent(ignored, NOW)).state).toBe('retried');
    expect(await t.db.retryEvent(pending, NOW)).toMatchObject({ state: 'retried', event: { nextRetryAt: NOW, failures: 0 } });
  });

  it('refuses a processing or successful event and reports an unknown id', async () => {
    const processing = await seedEvent(t.db, { status: 'processing' });
    const success = await seedEvent(t.db, { status: 'success' });
    expect(await t.db.retryEvent(processing, NOW)).toEqual({ state: 'conflict', status: 'processing' });
    expect(await t.db.retryEvent(success, NOW)).toEqual({ state: 'conflict', status: 'success' });
    expect(await t.db.retryEvent(999_999, NOW)).toEqual({ state: 'not-found' });
    expect((await row(processing)).lease_owner).toBe('host:1:abc');
  });

  it('bulk-retries the failed and ignored events matching a filter; a dry run only counts', async () => {
    const a = await seedEvent(t.db, { status: 'failed', topic: 'payment' });
    const b = await seedEvent(t.db, { status: 'failed', topic: 'merchant_order' });
    const c = await seedEvent(t.db, { status: 'ignored', topic: 'payment' });
    const untouched = [
      await seedEvent(t.db, { status: 'success', topic: 'payment' }),
      await seedEvent(t.db, { status: 'processing', topic: 'payment' }),
    ];
    expect(await t.db.retryEvents({ statuses: ['failed'], type: 'payment' }, { now: NOW, dryRun: true })).toBe(1);
    expect((await row(a)).status).toBe('failed');
    expect(await t.db.retryEvents({ type: 'payment' }, { now: NOW, dryRun: true })).toBe(2);
    expect(await t.db.retryEvents({ statuses: ['success', 'processing'] }, { now: NOW })).toBe(0);
    expect(await t.db.retryEvents({ statuses: ['failed'], type: 'payment' }, { now: NOW })).toBe(1);
    expect((await row(a)).status).toBe('pending');
    expect((await row(b)).status).toBe('failed');
    expect(await t.db.retryEvents({}, { now: NOW })).toBe(2);
    expect([(await row(b)).status, (await row(c)).status]).toEqual(['pending', 'pending']);
    expect([(await row(untouched[0])).status, (await row(untouched[1])).status]).toEqual(['success', 'processing']);
  });
});
