import { formatMercadoPagoDate } from '@ghl-payments/sandbox';
import { BIN, createE2eHarness, E2eHarness, runCli, startCli, waitUntil } from '@ghl-payments/test-support';

const HOUR = 3_600_000;

// A receiver that never got a notification (wrong URL in MercadoPago's panel, say) while payments were approved.
describe('reconciliation: payments no notification brought', () => {
  let h: E2eHarness;
  beforeEach(async () => { h = await createE2eHarness(); });
  afterEach(async () => { await h.destroy(); });

  const approveSilently = (id: number, email: string) => {
    const anHourAgo = formatMercadoPagoDate(Date.now() - HOUR);
    h.mp.setPayment({ id, status: 'approved', payer: { email }, date_created: anHourAgo, date_last_updated: anHourAgo });
  };
  const tagsOf = (email: string) => h.ghl.findContactByEmail(email)?.tags ?? [];

  it('one sweep queues them and the worker tags the buyers; a second queues nothing; a refund is found as changed and its rules run', async () => {
    approveSilently(9101, 'ana@example.com');
    approveSilently(9102, 'bruno@example.com');

    const first = await runCli(BIN.ghlPayments, ['reconcile'], h.env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.trim()).toBe('checked=2 missing=2 changed=0 queued=2');
    const worked = await runCli(BIN.processWebhooks, [], h.env);
    expect(worked.stdout.trim()).toBe('processed=2 success=2 retried=0 failed=0');
    expect(tagsOf('ana@example.com')).toEqual(['pago-aprobado']);
    expect(tagsOf('bruno@example.com')).toEqual(['pago-aprobado']);

    const second = await runCli(BIN.ghlPayments, ['reconcile'], h.env);
    expect(second.stdout.trim()).toBe('checked=2 missing=0 changed=0 queued=0');

    h.mp.setPayment({ id: 9101, status: 'refunded' });
    const third = await runCli(BIN.ghlPayments, ['reconcile', '--since', '2h'], h.env);
    expect(third.stdout.trim()).toBe('checked=2 missing=0 changed=1 queued=1');
    expect((await runCli(BIN.processWebhooks, [], h.env)).stdout.trim()).toBe('processed=1 success=1 retried=0 failed=0');
    expect(tagsOf('ana@example.com')).toEqual(['pago-reembolsado']);

    const sweeps = await h.t.db.listReconciliations(10);
    expect(sweeps.map((s) => [s.missing, s.changed, s.queued])).toEqual([[0, 1, 1], [0, 0, 0], [2, 0, 2]]);
    expect(sweeps.every((s) => s.runBy.startsWith('cli:'))).toBe(true);
    const sources = await h.t.db.knex('webhook_events').pluck('source');
    expect(sources).toEqual(['reconcile', 'reconcile', 'reconcile']);
  });

  it('--dry-run says what it would queue and queues nothing', async () => {
    approveSilently(9201, 'carla@example.com');
    const dry = await runCli(BIN.ghlPayments, ['reconcile', '--dry-run'], h.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe('would queue 9201: missing (approved at MercadoPago, never recorded)\nchecked=1 missing=1 changed=0 would_queue=1\n');
    expect(await h.t.db.knex('webhook_events')).toHaveLength(0);
  });

  it('exits 1 with one clear line when MercadoPago refuses the token, and 2 for a window it cannot use', async () => {
    const refused = await runCli(BIN.ghlPayments, ['reconcile'], { ...h.env, MP_ACCESS_TOKEN: 'APP_USR-revoked-token-123' });
    expect(refused.code).toBe(1);
    expect(refused.stdout.trim()).toBe('checked=0 missing=0 changed=0 queued=0');
    expect(refused.stderr).toBe('ghl-payments: reconcile: MercadoPago refused MP_ACCESS_TOKEN (HTTP 401) on GET /v1/payments/search: check the token (production credentials start with APP_USR-)\n');
    expect(refused.stderr).not.toContain('revoked-token');

    const badSince = await runCli(BIN.ghlPayments, ['reconcile', '--since', 'yesterday'], h.env);
    expect(badSince).toMatchObject({ code: 2, stdout: '' });
    expect(badSince.stderr).toBe('ghl-payments: invalid --since: "yesterday" is not a duration before now (72h, 30m, 7d), a date (2026-12-01T00:00:00Z) or now\n');
    const tooOld = await runCli(BIN.ghlPayments, ['reconcile', '--since', '400d'], h.env);
    expect(tooOld.code).toBe(2);
    expect(tooOld.stderr).toContain('twelve months');
    expect((await runCli(BIN.ghlPayments, ['reconcile', '--since', '1h', '--until', '2h'], h.env)).code).toBe(2);
  });

  it('explains itself with --help', async () => {
    const help = await runCli(BIN.ghlPayments, ['reconcile', '--help'], h.env);
    expect(help.code).toBe(0);
    for (const flag of ['--since', '--until', '--dry-run', '--database-url']) expect(help.stdout).toContain(flag);
  });

  it('a --loop worker sweeps every RECONCILE_INTERVAL and processes what it queued', async () => {
    approveSilently(9301, 'dora@example.com');
    const worker = startCli(BIN.processWebhooks, ['--loop'], { ...h.env, RECONCILE_INTERVAL: '1s' });
    try {
      await waitUntil(() => tagsOf('dora@example.com').includes('pago-aprobado'), 20_000);
      const [sweep] = await h.t.db.listReconciliations(1);
      expect(sweep).toMatchObject({ missing: 1, queued: 1, errors: 0 });
      expect(sweep.runBy).not.toMatch(/^cli:/);
    } finally {
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    }
  });
});
