import fs from 'node:fs';
import { isProcessAlive } from '@ghl-payments/core';
import os from 'node:os';
import path from 'node:path';
import { BIN, startCli, waitUntil } from '@ghl-payments/test-support';

const isAlive = isProcessAlive;

describe('the demo\'s receiver and worker end with the demo', () => {
  it('stop on their own when the demo is killed outright, freeing the port', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-killed-'));
    const demo = startCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], {});
    try {
      await demo.waitForOutput(/Receiver http:\/\/127\.0\.0\.1:\d+ \(pid \d+\) and worker \(pid \d+\) running/, 45_000);
      const [, url, receiverPid, workerPid] = /Receiver (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+)\) and worker \(pid (\d+)\)/.exec(demo.stdout())!;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      demo.child.kill('SIGKILL');
      await demo.exited;
      await waitUntil(() => !isAlive(Number(receiverPid)) && !isAlive(Number(workerPid)), 15_000);
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      demo.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
