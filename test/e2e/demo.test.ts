import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, createTestDatabase, runCli, startCli, TestDatabase } from '@ghl-payments/test-support';

/**
 * What the demo's mix implies under the default rules: 11 events (8 success, 1 failed, 2 ignored: no contact known
 * before approval), 2 redeliveries, 9 tag additions on 7 contacts and 9 removals; the payment link ends paid.
 */
const EXPECTED = { events: 11, success: 8, failed: 1, ignored: 2, duplicates: 2, tagCalls: 9, removals: 9 };

/** A fresh database (the test backend's) and data folder for one demo run. */
async function prepare(): Promise<{ t: TestDatabase; dataDir: string; cleanUp(): Promise<void> }> {
  const t = await createTestDatabase({ migrate: false });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-'));
  return {
    t, dataDir,
    async cleanUp() {
      await t.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function countStatuses(t: TestDatabase): Promise<Record<string, number>> {
  const rows = await t.db.knex('webhook_events').select('status').count({ n: '*' }).groupBy('status') as Array<{ status: string; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

// The two runs are independent (own database, data folder and ports), so they run side by side.
describe('ghl-payments demo (what `npm run demo` runs)', () => {
  it.concurrent('--exit-when-done: runs the whole mix through real receiver and worker processes and exits 0 when every event is final', async () => {
    const { t, dataDir, cleanUp } = await prepare();
    try {
      const result = await runCli(BIN.ghlPayments, ['demo', '--exit-when-done', '--database-url', t.url, '--data-dir', dataDir], {});
      if (result.code !== 0 || result.stderr !== '') throw new Error(`demo exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      expect(result.stdout).toContain(`All ${EXPECTED.events} events reached a final state`);
      expect(result.stdout).toContain(`${EXPECTED.success} success, ${EXPECTED.failed} failed, ${EXPECTED.ignored} ignored; ${EXPECTED.duplicates} redeliveries answered as duplicates`);
      expect(result.stdout).toContain(`${EXPECTED.tagCalls} tag additions on 7 contacts (pago-aprobado ×8, pago-reembolsado ×1), ${EXPECTED.removals} tag removals`);
      expect(result.stdout).toMatch(/failed on purpose: payment \d+ not found/);
      expect(result.stdout).toMatch(/MercadoPago answers 503 twice/);
      // not a terminal: plain progress lines, the last one complete
      expect(result.stdout).toContain(`events ${EXPECTED.events}/${EXPECTED.events} done [####################]  success ${EXPECTED.success} · failed 1 · ignored 2 · duplicates 2`);
      expect(result.stdout).toMatch(/payment link #\d+ → paid → pago-aprobado on \S+/);
      expect(await t.db.knex('payment_links').whereNotNull('paid_at').whereNotNull('mp_payment_id').count({ n: '*' }).first().then((r) => Number(r?.n))).toBe(1);
      expect(result.stdout).not.toContain('\x1b[');
      expect(await countStatuses(t)).toEqual({ success: EXPECTED.success, failed: EXPECTED.failed, ignored: EXPECTED.ignored });
      const retried = await t.db.knex('webhook_events').where('attempts', 3).count({ n: '*' }).first();
      expect(Number(retried?.n)).toBe(1);
      const signatures = await t.db.knex('webhook_events').select('signature').count({ n: '*' }).groupBy('signature') as Array<{ signature: string; n: number | string }>;
      expect(Object.fromEntries(signatures.map((r) => [r.signature, Number(r.n)]))).toEqual({ valid: 10, unsigned: 1 });
      expect(fs.readFileSync(path.join(dataDir, 'logs', 'webhook.log'), 'utf8')).toContain('notification received');
    } finally {
      await cleanUp();
    }
  });

  it.concurrent('leaves everything running with a dashboard link until Ctrl-C, then stops it all cleanly', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-'));
    const demo = startCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], {});
    let url: string | undefined;
    try {
      await demo.waitForOutput(/Press Ctrl-C to stop everything/, 45_000);
      const link = /Dashboard {2}(http:\/\/127\.0\.0\.1:\d+)\/admin\/login\?code=[\w-]{32} /.exec(demo.stdout());
      expect(link).not.toBeNull();
      url = link![1];
      const token = /Authorization: Bearer ([\w-]+)/.exec(demo.stdout());
      expect(token).not.toBeNull();
      expect(link![0]).not.toContain(token![1]);
      const stats = await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${token![1]}` } });
      expect(stats.status).toBe(200);
      expect(((await stats.json()) as { by_status: Record<string, number> }).by_status).toMatchObject({ success: EXPECTED.success, failed: EXPECTED.failed });
      expect(demo.stdout()).toContain(`send-test-webhook --url ${url}/webhooks/mp --secret demo-webhook-secret`);
      const more = await runCli(BIN.ghlPayments, ['send-test-webhook', '--url', `${url}/webhooks/mp`, '--secret', 'demo-webhook-secret'], {});
      expect(more.code).toBe(0);
      expect(demo.stdout()).toContain(`events list --database-url ${path.join(dataDir, 'demo.sqlite3')}`);
      expect(fs.existsSync(path.join(dataDir, 'demo.sqlite3'))).toBe(true);
    } finally {
      demo.child.kill('SIGINT');
    }
    const result = await demo.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stopped: the receiver and the worker finished cleanly.');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
