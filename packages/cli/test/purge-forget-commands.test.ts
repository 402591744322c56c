import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditRecord } from '@ghl-payments/store';
import { emailSha256 } from '@ghl-payments/store';
import {
  BIN, CliResult, createTestDatabase, findTextEverywhere, runCli, seedBuyerEverywhere, seedEvents, seedPayment, TestDatabase,
} from '@ghl-payments/test-support';

const DAY = 86_400_000;
const BUYER = 'ana.perez@example.com';
const ACTOR = new RegExp(`^cli:${os.userInfo().username}@${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** One line on stderr, `ghl-payments: …`, no stack trace. */
function expectOneLineError(res: CliResult, code: number, pattern: RegExp): void {
  expect(res.code).toBe(code);
  expect(res.stderr).toMatch(/^ghl-payments: [^\n]+\n$/);
  expect(res.stderr).toMatch(pattern);
}

describe('ghl-payments purge | forget, and what the commands record in the audit log', () => {
  let t: TestDatabase;
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: t.url, LOG_DIR: path.join(dir, 'logs'), ...extra });
  const run = (args: string[], extra: Record<string, string> = {}) => runCli(BIN.ghlPayments, args, env(extra));
  const audit = async (): Promise<AuditRecord[]> => (await t.db.listAudit({}, { limit: 500, offset: 0 })).data;
  const payloadOf = async (id: number) => (await t.db.knex('webhook_events').where('id', id).first()).payload;
  let old: number[];

  beforeAll(async () => {
    t = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-purge-cli-'));
    const now = Date.now();
    await seedPayment(t.db, { mpPaymentId: '9101', payerEmail: 'viejo@example.com' }, now - 400 * DAY);
    old = await seedEvents(t.db, [
      { status: 'success', receivedAt: now - 400 * DAY },
      { status: 'failed', receivedAt: now - 200 * DAY },
      { status: 'pending', receivedAt: now - 400 * DAY },
      { status: 'ignored', receivedAt: now - 100 * DAY },
    ]);
  });
  afterAll(async () => {
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('purge', () => {
    it('--help shows examples and exit codes', async () => {
      const res = await run(['purge', '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('$ ghl-payments purge --dry-run');
      expect(res.stdout).toContain('--older-than <age>');
      expect(res.stdout).toContain('Exit codes:');
    });

    it('--dry-run says what would be cleared and changes nothing', async () => {
      const res = await run(['purge', '--dry-run']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^dry run, nothing changed: would clear .* older than 180 days \(before \d{4}-/m);
      expect(res.stdout).toMatch(/^events=2 payments=1$/m);
      expect(await payloadOf(old[0])).not.toBeNull();
      expect(await audit()).toEqual([]);
    });

    it('clears finished events and payments older than RETENTION_DAYS (or --older-than), and records it', async () => {
      const res = await run(['purge']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^events=2 payments=1 texts=0$/m);
      expect(await payloadOf(old[0])).toBeNull();
      expect(await payloadOf(old[1])).toBeNull();
      expect(await payloadOf(old[2])).not.toBeNull(); // pending
      expect(await payloadOf(old[3])).not.toBeNull(); // 100 days

      const shorter = await run(['purge', '--older-than', '90d']);
      expect(shorter.stdout).toMatch(/older than 90 days/);
      expect(shorter.stdout).toMatch(/^events=1 payments=0 texts=0$/m);
      expect(await payloadOf(old[3])).toBeNull();
      const entries = (await audit()).filter((e) => e.action === 'purge');
      expect(entries).toHaveLength(2);
      expect(entries[1]).toMatchObject({ actor: expect.stringMatching(ACTOR), client: null, detail: { events: 2, payments: 1 } });
    });

    it.each([
      [['--older-than', 'soon'], /invalid --older-than: "soon" is not a number of days/],
      [['--older-than', '5m'], /invalid --older-than: "5m" is less than an hour/],
    ])('refuses %j in one line, exit 2', async (args, message) => {
      expectOneLineError(await run(['purge', ...args]), 2, message);
    });

    it('RETENTION_DAYS=off: purges only when told how old', async () => {
      expectOneLineError(await run(['purge'], { RETENTION_DAYS: 'off' }), 2, /RETENTION_DAYS is off: .*--older-than 180d/);
      expect((await run(['purge', '--older-than', '180'], { RETENTION_DAYS: 'off' })).code).toBe(0);
    });
  });

  describe('forget', () => {
    it('refuses a missing or invalid address in one line, exit 2', async () => {
      expectOneLineError(await run(['forget']), 2, /give the buyer's address: ghl-payments forget --email/);
      expectOneLineError(await run(['forget', '--email', 'ana at example']), 2, /invalid --email/);
    });

    it('erases the buyer everywhere, prints the counts and what it cannot reach, records it without the address', async () => {
      await seedBuyerEverywhere(t.db, BUYER);
      const res = await run(['forget', '--email', 'Ana.Perez@Example.com']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^payments=2 subscriptions=1 events=4 contacts=1 texts=8$/m);
      expect(res.stdout).toContain(`sha256 ${emailSha256(BUYER)}`);
      expect(res.stdout).toContain('log files written before now (LOG_DIR/webhook*.log)');
      expect(res.stdout).toContain('rotate or delete them');
      expect(res.stdout).not.toMatch(/ana\.perez@example\.com/i);
      expect(await findTextEverywhere(t.db, BUYER)).toEqual([]);
      const [entry] = (await audit()).filter((e) => e.action === 'forget');
      expect(entry).toMatchObject({ actor: expect.stringMatching(ACTOR), target: `sha256:${emailSha256(BUYER)}`, detail: { payments: 2, events: 4 } });
      // nothing the command wrote to its log holds the address either
      const logs = fs.existsSync(path.join(dir, 'logs')) ? fs.readdirSync(path.join(dir, 'logs')).map((f) => fs.readFileSync(path.join(dir, 'logs', f), 'utf8')).join('') : '';
      expect(logs.toLowerCase()).not.toContain(BUYER);
    });

    it('an unknown address: says so, exit 0, still recorded', async () => {
      const res = await run(['forget', '--email', 'nadie@example.org']);
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^nothing stored for this address/m);
      expect(res.stdout).toMatch(/^payments=0 subscriptions=0 events=0 contacts=0 texts=0$/m);
      expect((await audit())[0]).toMatchObject({ action: 'forget', target: `sha256:${emailSha256('nadie@example.org')}` });
    });
  });

  it('events retry (one and in bulk) and accounts changes are recorded with the command line user', async () => {
    const [a] = await seedEvents(t.db, [{ status: 'failed', receivedAt: Date.now() }, { status: 'failed', receivedAt: Date.now() }]);
    const start = (await audit())[0]?.id ?? 0;
    expect((await run(['events', 'retry', String(a)])).code).toBe(0);
    expect((await run(['events', 'retry', '--status', 'failed', '--dry-run'])).code).toBe(0);
    const failed = Number((await t.db.knex('webhook_events').where('status', 'failed').count({ n: '*' }).first())?.n);
    expect((await run(['events', 'retry', '--status', 'failed'])).code).toBe(0);
    expect((await run(['accounts', 'add', 'acme', '--name', 'Acme'])).code).toBe(0);
    expect((await run(['accounts', 'update', 'acme', '--ghl-location-id', 'loc-acme'])).code).toBe(0);
    expect((await run(['accounts', 'disable', 'acme'])).code).toBe(0);
    const entries = (await audit()).filter((e) => e.id > start).reverse();
    expect(entries.map((e) => [e.action, e.target, e.detail?.change ?? e.detail?.count ?? null])).toEqual([
      ['retry', `event:${a}`, null],
      ['bulk-retry', null, failed],
      ['account-change', 'account:acme', 'add'],
      ['account-change', 'account:acme', 'update'],
      ['account-change', 'account:acme', 'disable'],
    ]);
    expect(entries.every((e) => ACTOR.test(e.actor))).toBe(true);
    expect(entries[3].detail).toEqual({ change: 'update', fields: ['ghlLocationId'] });
  });

  it('process-webhooks (once, from cron) runs the day\'s purge when it is due, as the worker', async () => {
    const u = await createTestDatabase();
    try {
      const [finished, waiting] = await seedEvents(u.db, [{ status: 'success', receivedAt: Date.now() - 200 * DAY }, { status: 'pending', receivedAt: Date.now() - 200 * DAY, nextRetryAt: Date.now() + DAY }]);
      const res = await runCli(BIN.processWebhooks, [], { DATABASE_URL: u.url, LOG_DIR: path.join(dir, 'worker-logs') });
      expect(res.code).toBe(0);
      expect((await u.db.knex('webhook_events').where('id', finished).first()).payload).toBeNull();
      expect((await u.db.knex('webhook_events').where('id', waiting).first()).payload).not.toBeNull();
      const [entry] = (await u.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).data;
      expect(entry).toMatchObject({ actor: 'worker', detail: { events: 1, worker: expect.any(String) } });
      const lease = await u.db.knex('reconcile_leases').where('name', 'purge').first();
      expect(Number(lease.due_at)).toBeGreaterThan(Date.now() + DAY - 3_600_000);
      // the next run the same day does not purge again
      expect((await runCli(BIN.processWebhooks, [], { DATABASE_URL: u.url, LOG_DIR: path.join(dir, 'worker-logs') })).code).toBe(0);
      expect((await u.db.listAudit({ actions: ['purge'] }, { limit: 5, offset: 0 })).total).toBe(1);
    } finally {
      await u.destroy();
    }
  });
});
