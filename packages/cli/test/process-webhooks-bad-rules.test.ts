import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { BIN, createTestDatabase, paymentEvent, runCli, TestDatabase } from '@ghl-payments/test-support';

describe('process-webhooks refuses to start on a bad rules file', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dir: string;
  let env: Record<string, string>;
  let eventId: number;

  beforeAll(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago();
    ghl = await createFakeGhl();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-bad-rules-'));
    env = {
      DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: 'TEST-mp-token', GHL_API_URL: ghl.url, GHL_API_TOKEN: 'TEST-ghl-token',
      GHL_LOCATION_ID: 'loc-test', GHL_RATE_LIMIT: 'off', WORKER_POLL_INTERVAL: '50ms', LOG_DIR: dir,
    };
    mp.setPayment({ id: 5901, status: 'approved', payer: { email: 'bad-rules@example.com' } });
    eventId = (await t.db.insertEvent(paymentEvent('n-bad-rules', 5901), Date.now())).id;
  });
  afterAll(async () => {
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The waiting event as the receiver left it: never claimed, no attempt, nothing asked of MercadoPago or GoHighLevel. */
  const expectUntouched = async () => {
    const row = await t.db.knex('webhook_events').where('id', eventId).first();
    expect([row.status, Number(row.attempts), row.lease_owner ?? null]).toEqual(['pending', 0, null]);
    expect(await t.db.knex('webhook_attempts').where('event_id', eventId)).toEqual([]);
    expect(mp.requests).toEqual([]);
    expect(ghl.requests).toEqual([]);
  };

  it.each([
    ['once', []],
    ['--loop', ['--loop']],
  ])('%s: exits 2 with one line naming the file, the rule and the field, and claims nothing', async (_mode, args) => {
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, 'rules:\n  - name: aprobado\n    when: { status: approved }\n    actions:\n      - addTags: []\n');
    const res = await runCli(BIN.processWebhooks, args, { ...env, RULES_FILE: file });
    expect(res.code).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`rules file ${file}: rule "aprobado" (rules[0]) actions[0].addTags: at least one tag`);
    expect(res.stdout).not.toMatch(/processed=/);
    await expectUntouched();
  });

  it('a rules file that does not exist is refused the same way', async () => {
    const missing = path.join(dir, 'no-such-rules.yaml');
    const res = await runCli(BIN.processWebhooks, [], { ...env, RULES_FILE: missing });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual([expect.stringContaining(missing)]);
    await expectUntouched();
  });
});
