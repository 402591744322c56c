import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli } from '@ghl-payments/test-support';

/** One line, no stack trace, no Knex noise. */
function expectOneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Acquire connection error|SqliteError/);
  return lines[0];
}

/** A folder this user cannot create files in: a 0555 folder, or (root ignores modes) sysfs. */
function unwritableFolder(dir: string): string {
  if (process.getuid?.() !== 0) {
    const folder = path.join(dir, 'locked');
    fs.mkdirSync(folder, { mode: 0o555 });
    return folder;
  }
  return '/sys';
}

describe('a SQLite DATABASE_URL that cannot be used fails at once, with one line naming the cause', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-sqlite-path-')); });
  afterAll(() => {
    if (fs.existsSync(path.join(dir, 'locked'))) fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a folder that cannot be created (/proc/no-such-dir): no silent wait', async () => {
    const started = Date.now();
    const result = await runCli(BIN.ghlPayments, ['migrate'], { DATABASE_URL: '/proc/no-such-dir/x.sqlite3' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toBe('ghl-payments: cannot create /proc/no-such-dir: no such directory, and /proc does not allow creating it');
  });

  it('a folder where new files cannot be written: says read-only', async () => {
    const folder = unwritableFolder(dir);
    const result = await runCli(BIN.ghlPayments, ['migrate'], { DATABASE_URL: path.join(folder, 'x.sqlite3') });
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toMatch(new RegExp(`cannot create ${folder}/x\\.sqlite3: the folder ${folder} is read-only`));
  });

  it('a path through a file: says it is a file, not a folder', async () => {
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'x');
    const result = await runCli(BIN.ghlPayments, ['migrate'], { DATABASE_URL: path.join(file, 'x.sqlite3') });
    expect(result.code).toBe(1);
    expect(expectOneLine(result.stderr)).toBe(`ghl-payments: cannot create ${file}/x.sqlite3: ${file} is a file, not a folder`);
  });

  it('still creates missing folders for a good path', async () => {
    const file = path.join(dir, 'a', 'b', 'x.sqlite3');
    const result = await runCli(BIN.ghlPayments, ['migrate'], { DATABASE_URL: file });
    expect(result.code).toBe(0);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('doctor gives SQLite advice for a SQLite file that cannot be opened, never PostgreSQL advice', async () => {
    const notADatabase = path.join(dir, 'not-a-database.sqlite3');
    fs.writeFileSync(notADatabase, 'this is not a SQLite file, just text that is long enough to have a header '.repeat(4));
    const result = await runCli(BIN.ghlPayments, ['doctor'], { DATABASE_URL: notADatabase, LOG_DIR: path.join(dir, 'logs') });
    const database = result.stdout.split('\n').filter((line) => /database/i.test(line)).join('\n');
    expect(database).toMatch(/✗ database (unreachable|check failed) \(sqlite:/);
    expect(database).toMatch(/→ check DATABASE_URL: the SQLite file's folder must exist \(or be creatable\) and be writable by this user/);
    expect(result.stdout).not.toMatch(/PostgreSQL/);
  });
});
