import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { RunningReceiver, startReceiver } from '@ghl-payments/receiver';
import { BIN, createTestDatabase, runCli, TestDatabase } from '@ghl-payments/test-support';

describe('send-test-webhook: what a 401 means depends on whether the sample was signed', () => {
  let t: TestDatabase;
  let receiver: RunningReceiver;

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: t.url, MP_WEBHOOK_SECRET: 'the-receivers-own-secret', PORT: '0' });
    receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, operators: false });
  });
  afterAll(async () => {
    await receiver.close();
    await t.destroy();
  });

  it('unsigned: says a signature is required, never that a secret is mismatched', async () => {
    const result = await runCli(BIN.ghlPayments, ['send-test-webhook', '--url', `${receiver.url}/webhooks/mp`], { DATABASE_URL: t.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^401 /m);
    expect(result.stdout).toContain('The receiver requires a signature and this sample was sent unsigned (no MP_WEBHOOK_SECRET here): '
      + 'sign it with the receiver\'s secret, e.g. --secret "$MP_WEBHOOK_SECRET", or set MP_WEBHOOK_SECRET in this .env too.');
    expect(result.stdout).not.toMatch(/is not the secret used here/);
  });

  it('signed with another secret: blames the secret', async () => {
    const result = await runCli(BIN.ghlPayments, ['send-test-webhook', '--url', `${receiver.url}/webhooks/mp`, '--secret', 'some-other-secret'], { DATABASE_URL: t.url });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('The receiver refused the signature: its MP_WEBHOOK_SECRET is not the secret used here.');
  });
});
