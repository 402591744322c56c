import { BIN, createTestDatabase, runCli, seedEvent, TestDatabase } from '@ghl-payments/test-support';

describe('ghl-payments events list | show | retry', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  const run = (...args: string[]) => runCli(BIN.ghlPayments, args, { DATABASE_URL: t.url, MP_ACCESS_TOKEN: 'APP_USR-cli-secret-token' });
  const status = async (id: number) => (await t.db.knex('webhook_events').where('id', id).first()).status;

  beforeAll(async () => {
    t = await createTestDatabase();
    ids.failed = await seedEvent(t.db, {
      status: 'failed', resourceId: '7001', receivedAt: Date.UTC(2026, 10, 29, 10), lastError: 'GHL said 401 for APP_USR-cli-secret-token',
      history: [{ outcome: 'failed', startedAt: Date.UTC(2026, 10, 29, 10, 1), durationMs: 75, error: 'GHL said 401' }],
    });
    ids.success = await seedEvent(t.db, { status: 'success', resourceId: '7002', receivedAt: Date.UTC(2026, 10, 29, 11) });
    ids.order = await seedEvent(t.db, { status: 'failed', topic: 'merchant_order', resourceId: '7003', receivedAt: Date.UTC(2026, 10, 29, 12) });
    ids.ignored = await seedEvent(t.db, { status: 'ignored', topic: 'merchant_order', resourceId: '7004', receivedAt: Date.UTC(2026, 10, 29, 13) });
  });
  afterAll(async () => { await t.destroy(); });

  it('lists events newest first as a table, with filters', async () => {
    const [all, failed, none] = await Promise.all([
      run('events', 'list'),
      run('events', 'list', '--status', 'failed', '--type', 'payment', '--json'),
      run('events', 'list', '--search', "' OR 1=1 --"),
    ]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+RECEIVED \(UTC\)\s+TYPE\s+RESOURCE\s+STATUS\s+ATTEMPTS\s+NEXT RETRY\s+LAST ERROR$/);
    expect(lines.slice(2, 6).map((l) => l.trim().split(/\s+/)[0])).toEqual([ids.ignored, ids.order, ids.success, ids.failed].map(String));
    expect(all.stdout).toContain('1–4 of 4');
    expect(all.stdout).toContain('GHL said 401 for [REDACTED]');
    expect(all.stdout).not.toContain('cli-secret');
    expect(failed.code).toBe(0);
    const body = JSON.parse(failed.stdout);
    expect(body).toMatchObject({ total: 1, limit: 50, offset: 0, data: [{ id: ids.failed, status: 'failed', resource_id: '7001' }] });
    expect(none.stdout).toContain('no events match');
  });

  it('shows one event with its history, or its JSON', async () => {
    const [text, json] = await Promise.all([run('events', 'show', String(ids.failed)), run('events', 'show', String(ids.failed), '--json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Event #${ids.failed}  failed`);
    expect(text.stdout).toMatch(/1\s+2026-11-29 10:01:00\s+75 ms\s+failed\s+GHL said 401/);
    expect(JSON.parse(json.stdout)).toMatchObject({ id: ids.failed, history: [{ attempt: 1, outcome: 'failed' }], payload: { data: { id: '7001' } } });
  });

  it('retries one event by id', async () => {
    const res = await run('events', 'retry', String(ids.failed));
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`event #${ids.failed} is pending again`);
    expect(await status(ids.failed)).toBe('pending');
  });

  it('retries by filter, with a dry run first', async () => {
    const dry = await run('events', 'retry', '--status', 'failed,ignored', '--type', 'merchant_order', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim()).toBe('would retry 2 event(s)');
    expect(await status(ids.order)).toBe('failed');
    const real = await run('events', 'retry', '--status', 'failed', '--type', 'merchant_order');
    expect(real.stdout.trim()).toBe('retried 1 event(s): pending again, due now');
    expect([await status(ids.order), await status(ids.ignored)]).toEqual(['pending', 'ignored']);
  });

  it('exits 1 on errors: unknown event, an event that cannot be retried', async () => {
    const [missing, conflict] = await Promise.all([run('events', 'show', '99999'), run('events', 'retry', String(ids.success))]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no event #99999');
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('is success');
  });

  it('exits 2 on bad usage: invalid filter or id, id and filters together, neither, unknown option', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['events', 'list', '--status', 'done'], /invalid --status/],
      [['events', 'list', '--limit', '501'], /invalid --limit/],
      [['events', 'list', '--since', 'last tuesday'], /invalid --since/],
      [['events', 'show', 'abc'], /invalid <id>/],
      [['events', 'retry'], /either an event id or filters/],
      [['events', 'retry', '5', '--status', 'failed'], /either an event id or filters/],
      [['events', 'list', '--colour'], /unknown option/],
      [['events', 'frobnicate'], /unknown command|error/],
    ];
    const results = await Promise.all(cases.map(([args]) => run(...args)));
    results.forEach((res, i) => {
      const [args, message] = cases[i];
      expect({ args, code: res.code, stderr: res.stderr }).toEqual({ args, code: 2, stderr: expect.stringMatching(message) });
    });
  });
});
