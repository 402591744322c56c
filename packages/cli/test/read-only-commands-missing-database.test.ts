import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli } from '@ghl-payments/test-support';

describe('commands that read existing data never create a database at a mistyped path', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-typo-')); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it.each([
    [['events', 'list']],
    [['stats']],
    [['payments', 'list']],
    [['rules', 'explain', '123']],
    [['sign-in-link']],
  ])('%j says the database does not exist and creates nothing', async (args) => {
    const missing = path.join(dir, 'dtaa', 'ghl-payments.sqlite3');
    const result = await runCli(BIN.ghlPayments, [...args, '--database-url', missing], {});
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`ghl-payments: the database ${missing} does not exist: check DATABASE_URL or --database-url for a typo `
      + '(`ghl-payments migrate` creates a new one)');
    expect(fs.existsSync(path.join(dir, 'dtaa'))).toBe(false);
  });

  it('doctor reports it as missing and creates nothing', async () => {
    const missing = path.join(dir, 'dtaa', 'ghl-payments.sqlite3');
    const result = await runCli(BIN.ghlPayments, ['doctor'], { DATABASE_URL: missing, LOG_DIR: path.join(dir, 'logs') });
    expect(result.stdout).toContain(`! the database file ${missing} does not exist yet`);
    expect(fs.existsSync(path.join(dir, 'dtaa'))).toBe(false);
  });
});
