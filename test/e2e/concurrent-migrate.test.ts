import pg from 'pg';
import { MIGRATION_LOCK_KEY, MIGRATIONS } from '@ghl-payments/store';
import { BIN, CliResult, createTestDatabase, startCli, TEST_DIALECT, TestDatabase, waitUntil } from '@ghl-payments/test-support';

const PROCESSES = 4;

describe(`ghl-payments migrate from ${PROCESSES} processes at once on a fresh ${TEST_DIALECT} database`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase({ migrate: false }); });
  afterEach(async () => { await t.destroy(); });

  /**
   * Starts the processes behind a barrier so they really contend: on PostgreSQL the test holds the migration advisory
   * lock until all of them wait on it; on SQLite it holds the write lock for a moment while they start.
   */
  async function migrateAtOnce(): Promise<CliResult[]> {
    const start = () => Array.from({ length: PROCESSES }, () => startCli(BIN.ghlPayments, ['migrate'], { DATABASE_URL: t.url }));
    if (TEST_DIALECT === 'postgres') {
      const holder = new pg.Client({ connectionString: t.url });
      await holder.connect();
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const processes = start();
      try {
        await waitUntil(async () => {
          const waiting = await holder.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
            WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted`);
          return waiting.rows[0].n === PROCESSES;
        }, 30_000, 50);
      } finally {
        await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
        await holder.end();
      }
      return Promise.all(processes.map((p) => p.exited));
    }
    await t.db.knex.raw('BEGIN IMMEDIATE'); // the only pooled SQLite connection holds the write lock
    const processes = start();
    await new Promise((r) => setTimeout(r, 1500));
    await t.db.knex.raw('COMMIT');
    return Promise.all(processes.map((p) => p.exited));
  }

  it('all succeed, every migration is applied exactly once and the schema is complete', async () => {
    const results = await migrateAtOnce();
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    // exactly one of them did the work; the others found it done (they waited for the lock, not failed on it)
    const applied = results.filter((r) => /^applied \d+ migration/.test(r.stdout));
    expect(applied).toHaveLength(1);
    expect(applied[0].stdout).toContain(`applied ${MIGRATIONS.length} migration(s)`);
    results.filter((r) => r !== applied[0]).forEach((r) => expect(r.stdout).toMatch(/^already up to date/));

    const recorded = await t.db.knex('knex_migrations').orderBy('id').pluck('name');
    expect(recorded).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await t.db.listPendingMigrations()).toEqual([]);
    for (const table of ['payments', 'webhook_events', 'webhook_attempts', 'payment_tags', 'rule_actions', 'status_changes', 'subscriptions']) {
      expect(await t.db.knex.schema.hasTable(table)).toBe(true);
    }
    // the unique (subject, status, round, rule, action) index that makes each rule action once a database guarantee
    const action = { subject: 'payment:1', status: 'approved', round: 1, rule: 'r', action_index: 0, kind: 'addTags', contact_id: 'c', state: 'applied' };
    await t.db.knex('rule_actions').insert({ ...action, created_at: 1 });
    // (matched on the message: better-sqlite3's SqliteError is not an Error to jest's toThrow in every worker)
    await expect(t.db.knex('rule_actions').insert({ ...action, created_at: 2 }))
      .rejects.toMatchObject({ message: expect.stringMatching(/unique|duplicate/i) });
    if (TEST_DIALECT === 'postgres') {
      const trigger = await t.db.knex.raw(`SELECT tgname FROM pg_trigger WHERE tgname = 'webhook_events_notify'`);
      expect(trigger.rows).toHaveLength(1);
    }
  });
});
