import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

describe(`sessions, upstream pauses and the write probe (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('finds a session until it expires or is revoked', async () => {
    await t.db.createAdminSession({ idHash: 'a'.repeat(64), client: '127.0.0.1', createdAt: 1000, expiresAt: 5000 });
    await t.db.createAdminSession({ idHash: 'b'.repeat(64), client: null, createdAt: 1000, expiresAt: 5000 });
    expect(await t.db.findAdminSession('a'.repeat(64), 2000)).toEqual({ idHash: 'a'.repeat(64), client: '127.0.0.1', createdAt: 1000, expiresAt: 5000 });
    expect(await t.db.findAdminSession('a'.repeat(64), 5000)).toBeNull(); // expired
    await t.db.revokeAdminSession('b'.repeat(64), 2000);
    expect(await t.db.findAdminSession('b'.repeat(64), 2001)).toBeNull();
    expect(await t.db.findAdminSession('c'.repeat(64), 2001)).toBeNull();
  });

  it('keeps one pause per upstream, moved by the latest record, listed only while in force', async () => {
    await t.db.recordUpstreamPause({ service: 'ghl', until: 10_000, reason: 'daily limit' }, 1000);
    await t.db.recordUpstreamPause({ service: 'ghl', until: 20_000, reason: 'daily limit, again' }, 2000);
    expect(await t.db.listUpstreamPauses(15_000)).toEqual([{ service: 'ghl', until: 20_000, reason: 'daily limit, again' }]);
    expect(await t.db.listUpstreamPauses(20_000)).toEqual([]);
    await t.db.clearUpstreamPause('ghl');
    expect(await t.db.listUpstreamPauses(0)).toEqual([]);
  });

  it('the write probe succeeds repeatedly while the database accepts writes', async () => {
    await t.db.probeWrite(1);
    await t.db.probeWrite(2);
    expect(await t.db.knex('health_probe').select('id', 'written_at')).toEqual([{ id: 1, written_at: 2 }]);
  });
});
