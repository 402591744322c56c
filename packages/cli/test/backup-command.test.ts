import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, Store } from '@ghl-payments/store';
import { BIN, runCli, seedEvent } from '@ghl-payments/test-support';

/** The backup command copies SQLite files, so this suite uses its own SQLite database on both test passes. */
describe('ghl-payments backup <file> (and the other SQLite backups docs/operations.md shows)', () => {
  let dir: string;
  let file: string;
  let db: Store;
  const open = (filename: string) => openStore({ client: 'sqlite', filename, synchronous: 'normal', busyTimeoutMs: 5000 });
  const countEvents = async (filename: string) => {
    const copy = open(filename);
    try {
      return Number((await copy.knex('webhook_events').count({ n: '*' }).first())?.n);
    } finally {
      await copy.close();
    }
  };
  const backup = (...args: string[]) => runCli(BIN.ghlPayments, ['backup', ...args], { DATABASE_URL: file });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-backup-'));
    file = path.join(dir, 'live.sqlite3');
    // stays open, like a running receiver: recent writes sit in the WAL, not yet in the main file
    db = open(file);
    await db.migrate();
    await db.knex.raw('pragma wal_autocheckpoint = 0');
    for (let i = 0; i < 3; i += 1) await seedEvent(db, { status: 'success' });
  });
  afterAll(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a consistent, checked copy while another connection keeps writing', async () => {
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const target = path.join(dir, 'backups', 'copy.sqlite3');
    const result = await backup(target);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^backup written: ${target.replace(/[.]/g, '\\.')} \\([\\d.]+k, 3 events, 0 payments; integrity ok\\)\\n$`));
    expect(fs.existsSync(`${target}.partial`)).toBe(false);
    await seedEvent(db, { status: 'failed' });
    expect(await countEvents(target)).toBe(3);
  });

  it('refuses to overwrite a file unless --force, and refuses the database itself', async () => {
    const target = path.join(dir, 'again.sqlite3');
    expect((await backup(target)).code).toBe(0);
    const refused = await backup(target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists; choose another name or add --force');
    const forced = await backup('--force', target);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/\d+ events/);
    expect(await countEvents(target)).toBe(4);
    const itself = await backup('--force', file);
    expect(itself.code).toBe(1);
    expect(itself.stderr).toContain('the backup file is the database itself');
  });

  it('points PostgreSQL users to pg_dump, and reports a missing database', async () => {
    const [pg, none] = await Promise.all([
      runCli(BIN.ghlPayments, ['backup', path.join(dir, 'pg.sqlite3')], { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' }),
      runCli(BIN.ghlPayments, ['backup', path.join(dir, 'none-copy.sqlite3')], { DATABASE_URL: path.join(dir, 'none.sqlite3') }),
    ]);
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('back up PostgreSQL with pg_dump');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no database at');
    expect(fs.existsSync(path.join(dir, 'none.sqlite3'))).toBe(false);
  });

  it('VACUUM INTO, as docs/operations.md shows it, also copies a database that is in use', async () => {
    const target = path.join(dir, 'vacuumed.sqlite3');
    await db.knex.raw('VACUUM INTO ?', [target]);
    expect(await countEvents(target)).toBe(4);
  });
});
