import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveFromRoot } from '@ghl-payments/core';
import { createTestDatabase, outlineMarkdown, seedEvent, TestDatabase } from '@ghl-payments/test-support';

/** The pg_dump / pg_restore lines of docs/operations.md, run as written against throwaway databases. */
describe('the PostgreSQL backup commands of docs/operations.md', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase({ migrate: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-pgdump-'));
    fs.mkdirSync(path.join(dir, 'backups'));
  });
  afterAll(async () => {
    await Promise.all([source.destroy(), target.destroy()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dump one database and restore it into another', async () => {
    for (let i = 0; i < 3; i += 1) await seedEvent(source.db, { status: 'success' });
    const { blocks } = outlineMarkdown(fs.readFileSync(resolveFromRoot('docs/operations.md'), 'utf8'));
    const lines = blocks.filter((b) => b.code.includes('pg_dump')).flatMap((b) => b.code.split('\n'));
    expect(lines).toEqual([expect.stringMatching(/^pg_dump /), expect.stringMatching(/^pg_restore /)]);
    const run = (line: string, url: string) => spawnSync('/bin/sh', ['-c', line], { cwd: dir, env: { PATH: process.env.PATH ?? '', DATABASE_URL: url }, encoding: 'utf8' });
    const dumped = run(lines[0], source.url);
    expect(dumped.stderr).toBe('');
    expect(dumped.status).toBe(0);
    const restored = run(lines[1], target.url);
    expect(restored.status).toBe(0);
    expect(Number((await target.db.knex('webhook_events').count({ n: '*' }).first())?.n)).toBe(3);
  });
});
