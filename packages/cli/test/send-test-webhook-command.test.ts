import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { RunningReceiver, startReceiver } from '@ghl-payments/receiver';
import { BIN, createTestDatabase, findFreePort, runCli, TestDatabase } from '@ghl-payments/test-support';

describe('ghl-payments send-test-webhook', () => {
  let t: TestDatabase;
  let receiver: RunningReceiver;
  const secret = 'send-test-secret-value';
  const send = (args: string[], env: Record<string, string> = {}) => runCli(BIN.ghlPayments, ['send-test-webhook', ...args], { DATABASE_URL: t.url, ...env });
  const url = () => `${receiver.url}/webhooks/mp`;

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: t.url, MP_WEBHOOK_SECRET: secret, PORT: '0' });
    receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, operators: false });
  });
  afterAll(async () => {
    await receiver.close();
    await t.destroy();
  });

  it('posts a notification signed with MP_WEBHOOK_SECRET to http://HOST:PORT/webhooks/mp and exits 0 on 200', async () => {
    const port = new URL(receiver.url).port;
    const result = await send([], { MP_WEBHOOK_SECRET: secret, PORT: port, HOST: '0.0.0.0' });
    expect(result.stdout).toContain(`POST http://127.0.0.1:${port}/webhooks/mp?data.id=1234567890&type=payment (payment.updated, signed with MP_WEBHOOK_SECRET)`);
    expect(result.stdout).toMatch(/^200 \{"status":"received","id":(\d+)\}$/m);
    expect(result.code).toBe(0);
    const id = Number(/"id":(\d+)/.exec(result.stdout)![1]);
    const event = await t.db.knex('webhook_events').where('id', id).first();
    expect(event).toMatchObject({ topic: 'payment', resource_id: '1234567890', signature: 'valid', source: 'webhook', action: 'payment.updated', status: 'pending' });
    expect(result.stdout).not.toContain(secret);
  });

  it('takes --url, --secret, --payment-id, --status and --notification-id; a redelivery answers duplicate', async () => {
    const args = ['--url', url(), '--secret', secret, '--payment-id', '987654', '--status', 'pending', '--notification-id', '55500011'];
    const first = await send(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('(payment.created, signed with --secret)');
    const again = await send(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^200 \{"status":"duplicate","id":\d+\}$/m);
    const rows = await t.db.knex('webhook_events').where('resource_id', '987654');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ notification_id: '55500011', action: 'payment.created', signature: 'valid' });
  });

  it('exits 1 with a hint when the receiver refuses the signature or cannot be reached', async () => {
    const closedPort = await findFreePort();
    const [refused, unsigned, down] = await Promise.all([
      send(['--url', url(), '--secret', 'not-the-receivers-secret']),
      send(['--url', url()]),
      send(['--url', `http://127.0.0.1:${closedPort}/webhooks/mp`, '--secret', secret]),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^401 \{"error":"invalid or missing x-signature"\}$/m);
    expect(refused.stdout).toContain('its MP_WEBHOOK_SECRET is not the secret used here');
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain('unsigned: no MP_WEBHOOK_SECRET or --secret');
    expect(down.code).toBe(1);
    expect(down.stdout).toContain(`cannot reach http://127.0.0.1:${closedPort}/webhooks/mp (ECONNREFUSED): is the receiver running?`);
  });

  it('rejects bad flags with exit code 2', async () => {
    const results = await Promise.all([
      send(['--status', 'aproved']),
      send(['--payment-id', 'abc']),
      send(['--url', 'ftp://example.com']),
    ]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0].stderr).toContain('expected one of approved, pending');
  });
});
