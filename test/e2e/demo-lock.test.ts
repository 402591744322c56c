import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli, startCli, waitUntil } from '@ghl-payments/test-support';

describe('two demos with one data folder', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-lock-')); });
  afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

  it('refuses the second with a clear message and leaves the first one\'s database alone', async () => {
    const first = startCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], {});
    try {
      await first.waitForOutput(/Sending notifications/, 45_000);
      const database = path.join(dataDir, 'demo.sqlite3');
      const inode = fs.statSync(database).ino;
      const second = await runCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir, '--exit-when-done'], {});
      expect(second.code).toBe(1);
      expect(second.stdout).toContain(`ghl-payments demo: another demo is already running with ${dataDir} (pid ${first.child.pid}, started `);
      expect(second.stdout).toContain(`npx ghl-payments demo --data-dir ${dataDir}-2`);
      expect(second.stdout + second.stderr).not.toMatch(/\n\s+at /);
      expect(fs.statSync(database).ino).toBe(inode); // not deleted and recreated under the running demo
      expect(first.child.exitCode).toBeNull();
    } finally {
      first.child.kill('SIGINT');
    }
    await first.exited;
    expect(fs.existsSync(path.join(dataDir, 'demo.lock'))).toBe(false);
  });

  it('takes over a lock left by a demo that no longer runs', async () => {
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('exit', resolve));
    fs.writeFileSync(path.join(dataDir, 'demo.lock'), JSON.stringify({ pid: gone.pid, startedAt: '2026-12-07T00:00:00.000Z' }));
    const demo = startCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], {});
    try {
      await demo.waitForOutput(/Sending notifications/, 45_000);
      await waitUntil(() => JSON.parse(fs.readFileSync(path.join(dataDir, 'demo.lock'), 'utf8')).pid === demo.child.pid);
    } finally {
      demo.child.kill('SIGINT');
    }
    await demo.exited;
  });
});
