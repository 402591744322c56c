import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDatabase, Database, startWalCheckpointer } from '@ghl-payments/store';
import { waitUntil } from '../../../test/support/wait-until';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-wal-'));
  dirs.push(dir);
  return path.join(dir, 'db.sqlite3');
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function open(filename: string, checkpoint: 'background' | 'inline'): Database {
  return connectDatabase({ client: 'sqlite', filename, synchronous: 'normal', busyTimeoutMs: 5000, checkpoint });
}

async function readAutocheckpoint(db: Database): Promise<number> {
  const [{ wal_autocheckpoint: pages }] = await db.knex.raw('PRAGMA wal_autocheckpoint') as Array<{ wal_autocheckpoint: number }>;
  return pages;
}

/** ~2 MB of rows written in small transactions: well under SQLite's own 1,000-page checkpoint threshold. */
async function writeRows(db: Database): Promise<void> {
  await db.knex.schema.createTable('blobs', (t) => { t.increments('id'); t.text('body'); });
  for (let i = 0; i < 50; i += 1) {
    await db.knex('blobs').insert(Array.from({ length: 10 }, () => ({ body: 'x'.repeat(4000) })));
  }
}

describe('SQLite WAL checkpoints', () => {
  test('background: the process\'s own connection never checkpoints; the thread copies the WAL into the file', async () => {
    const filename = tempFile();
    const db = open(filename, 'background');
    try {
      expect(await readAutocheckpoint(db)).toBe(0);
      const before = fs.statSync(filename).size;
      await writeRows(db);
      // only a checkpoint moves pages from the WAL into the database file
      await waitUntil(() => fs.statSync(filename).size > before + 1_500_000, 10_000);
      expect(await db.knex('blobs').count({ n: '*' }).first()).toEqual({ n: 500 });
    } finally {
      await db.close();
    }
    // the last connection to close (the thread's) checkpointed everything and removed the WAL
    expect(fs.existsSync(`${filename}-wal`)).toBe(false);
    const reopened = open(filename, 'inline');
    expect(await reopened.knex('blobs').count({ n: '*' }).first()).toEqual({ n: 500 });
    await reopened.close();
  });

  test('inline: SQLite\'s own threshold, and below it the database file does not grow', async () => {
    const filename = tempFile();
    const db = open(filename, 'inline');
    try {
      expect(await readAutocheckpoint(db)).toBe(1000);
      const before = fs.statSync(filename).size;
      await writeRows(db);
      await new Promise((r) => setTimeout(r, 600)); // three background intervals: nothing may have copied the WAL
      expect(fs.statSync(filename).size).toBeLessThan(before + 100_000);
    } finally {
      await db.close();
    }
  });

  test('a thread that cannot start reports it, so the caller can go back to inline checkpoints', async () => {
    const failures: Error[] = [];
    const checkpointer = startWalCheckpointer({ filename: path.join(tempFile(), 'missing', 'db.sqlite3'), onFailure: (e) => failures.push(e) });
    await waitUntil(() => failures.length > 0, 10_000);
    expect(failures[0].message).toMatch(/unable to open|directory does not exist|no such file|exited with code/i);
    await checkpointer.stop();
  });
});
