import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const T0 = 1_800_000_000_000;
const PAGE = { limit: 50, offset: 0 };

describe(`store: the audit log (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.db.recordAudit({ at: T0, actor: 'anonymous', action: 'sign-in-failed', target: '/admin/login', detail: { reason: 'wrong_token' }, client: '203.0.113.9' });
    await t.db.recordAudit({ at: T0 + 1000, actor: 'admin', action: 'sign-in', target: '/admin/login', client: '203.0.113.9' });
    await t.db.recordAudit({ at: T0 + 2000, actor: 'viewer:acme', action: 'sign-in', target: '/admin/login', client: '198.51.100.7' });
    await t.db.recordAudit({ at: T0 + 3000, actor: 'cli:ana@host-1', action: 'retry', target: 'event:42' });
    await t.db.recordAudit({ at: T0 + 4000, actor: 'worker', action: 'purge', detail: { events: 3, payments: 1 } });
  });
  afterAll(async () => { await t.destroy(); });

  it('lists entries newest first, with the total, a page at a time', async () => {
    const all = await t.db.listAudit({}, PAGE);
    expect(all.total).toBe(5);
    expect(all.data.map((e) => e.action)).toEqual(['purge', 'retry', 'sign-in', 'sign-in', 'sign-in-failed']);
    expect(all.data[4]).toEqual({
      id: expect.any(Number), at: T0, actor: 'anonymous', action: 'sign-in-failed', target: '/admin/login', detail: { reason: 'wrong_token' }, client: '203.0.113.9',
    });
    expect(all.data[0]).toMatchObject({ actor: 'worker', target: null, client: null, detail: { events: 3, payments: 1 } });
    const second = await t.db.listAudit({}, { limit: 2, offset: 2 });
    expect(second).toMatchObject({ total: 5 });
    expect(second.data.map((e) => e.at)).toEqual([T0 + 2000, T0 + 1000]);
  });

  it('filters by action, actor (exact or a kind such as viewer:) and time', async () => {
    const actions = async (filter: Parameters<typeof t.db.listAudit>[0]) => (await t.db.listAudit(filter, PAGE)).data.map((e) => `${e.actor} ${e.action}`);
    expect(await actions({ actions: ['sign-in', 'sign-in-failed'] })).toEqual(['viewer:acme sign-in', 'admin sign-in', 'anonymous sign-in-failed']);
    expect(await actions({ actor: 'admin' })).toEqual(['admin sign-in']);
    expect(await actions({ actor: 'viewer:' })).toEqual(['viewer:acme sign-in']);
    expect(await actions({ actor: 'cli:' })).toEqual(['cli:ana@host-1 retry']);
    expect(await actions({ since: T0 + 2000, until: T0 + 4000 })).toEqual(['cli:ana@host-1 retry', 'viewer:acme sign-in']);
  });

  it('never stores an email address given in a detail or a target (a search text, a filter)', async () => {
    const u = await createTestDatabase();
    try {
      await u.db.recordAudit({ at: T0, actor: 'admin', action: 'bulk-retry', target: 'q:ana@example.com', detail: { count: 2, filter: { search: 'Ana.Perez@Example.com' } } });
      const [entry] = (await u.db.listAudit({}, PAGE)).data;
      expect(entry.detail).toEqual({ count: 2, filter: { search: '[email]' } });
      expect(entry.target).toBe('q:[email]');
      const raw = await u.db.knex('audit_log').first();
      expect(JSON.stringify(raw).toLowerCase()).not.toContain('example.com');
    } finally {
      await u.destroy();
    }
  });
});
