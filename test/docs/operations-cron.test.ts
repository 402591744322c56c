import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, resolveFromRoot } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { createE2eHarness, E2eHarness, outlineMarkdown } from '@ghl-payments/test-support';

/** The crontab lines of docs/operations.md (schedule removed), installed under `dir` instead of /opt/ghl-payments. */
function cronCommands(dir: string): string[] {
  const { blocks } = outlineMarkdown(fs.readFileSync(resolveFromRoot('docs/operations.md'), 'utf8'));
  return blocks.filter((b) => b.lang === 'crontab')
    .flatMap((b) => b.code.split('\n'))
    .map((line) => /^(?:\S+\s+){5}(cd \/opt\/ghl-payments && .*)$/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined)
    .map((line) => line.replaceAll('/opt/ghl-payments', dir));
}

/** Runs one line the way cron does: `sh -c`, a bare environment. */
function runLine(line: string, env: Record<string, string>): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', line], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env }, stdio: 'ignore' });
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });
}

describe('the cron lines of docs/operations.md', () => {
  let h: E2eHarness;
  let dir: string;
  let lines: string[];
  beforeAll(async () => {
    h = await createE2eHarness();
    // an installation like /opt/ghl-payments: the code (linked), data/ and logs/
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-cron-'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'packages'), path.join(dir, 'packages'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.mkdirSync(path.join(dir, 'logs'));
    lines = cronCommands(dir);
  });
  afterAll(async () => {
    await h.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are the worker every minute and the nightly backup', () => {
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('flock -n data/process-webhooks.lock node packages/cli/bin/process-webhooks.js');
    expect(lines[1]).toContain('node packages/cli/bin/ghl-payments.js backup --force');
  });

  it('the worker line processes due events, and flock -n skips a run while the previous one still holds the lock', async () => {
    h.mp.setPayment({ id: 7701, status: 'approved' });
    await h.notifyPayment(7701);
    const first = await runLine(lines[0], h.env);
    expect(first.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8')).toMatch(/processed=1 success=1 retried=0 failed=0/);
    expect(await h.statuses()).toEqual({ success: 1 });

    const holder = spawn('flock', [path.join(dir, 'data', 'process-webhooks.lock'), '-c', 'echo locked; sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    try {
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const before = fs.readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8');
      const skipped = await runLine(lines[0], h.env);
      expect(skipped.code).toBe(1);
      expect(skipped.ms).toBeLessThan(1000);
      expect(fs.readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8')).toBe(before);
    } finally {
      process.kill(-holder.pid!, 'SIGKILL');
      holder.stdout!.destroy();
    }
  });

  it('the backup line writes one copy per weekday', async () => {
    const file = path.join(dir, 'data', 'ghl-payments.sqlite3');
    const db = openStore({ client: 'sqlite', filename: file, synchronous: 'normal', busyTimeoutMs: 5000 });
    await db.migrate();
    await db.close();
    const result = await runLine(lines[1], { DATABASE_URL: file });
    expect(result.code).toBe(0);
    const weekday = new Date().toLocaleDateString('en-US', { weekday: 'short' });
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([`ghl-payments-${weekday}.sqlite3`]);
    expect(fs.readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8')).toMatch(/backup written: .*ghl-payments-\w{3}\.sqlite3 \(.*integrity ok\)/);
  });
});
