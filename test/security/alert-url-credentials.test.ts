import { ConfigError, loadConfig } from '@ghl-payments/core';
import { BIN, createTestDatabase, runCli, TestDatabase } from '@ghl-payments/test-support';

// Security review item: an ALERT_WEBHOOK_URL with `user:pass@` was accepted although no alert can ever be sent to
// it (fetch refuses URLs with credentials). It is refused at start and by `doctor`, in one line that never repeats
// the password (nor the URL, itself a credential).

const PASSWORD = 'Al3rtPassw0rd-REDTEAM';
const WITH_CREDENTIALS = `https://ops:${PASSWORD}@hooks.example.com/services/T000/B000/XXXX`;

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ DATABASE_URL: ':memory:', ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('ALERT_WEBHOOK_URL with credentials', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it.each([
    [WITH_CREDENTIALS],
    [`https://${PASSWORD}@hooks.example.com/x`],
    [`http://ops:${PASSWORD}@10.0.0.5:8080/alert`],
  ])('is a ConfigError naming the variable and the reason, never the value: %#', (url) => {
    const err = configError({ ALERT_WEBHOOK_URL: url });
    expect(err.message).toMatch(/^Invalid ALERT_WEBHOOK_URL: contains a user name or password \(user:pass@…\)/);
    expect(err.message).not.toContain(PASSWORD);
    expect(err.message).not.toContain('hooks.example.com');
    expect(err.message).not.toContain('\n');
  });

  it('still accepts a plain https URL, and refuses a non-URL without echoing it', () => {
    const config = loadConfig({ DATABASE_URL: ':memory:', ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T/B/secretpath/' });
    expect(config.operators.alertWebhookUrl).toBe('https://hooks.example.com/services/T/B/secretpath');
    for (const raw of [`ftp://hooks.example.com/${PASSWORD}`, `not a url ${PASSWORD}`, `ops:${PASSWORD}@hooks.example.com`]) {
      const err = configError({ ALERT_WEBHOOK_URL: raw });
      expect(err.message).toMatch(/^Invalid ALERT_WEBHOOK_URL: /);
      expect(err.message).not.toContain(PASSWORD);
    }
  });

  it('`ghl-payments start` refuses to start: exit 2, one line, no password, no stack trace', async () => {
    const result = await runCli(BIN.ghlPayments, ['start'], { DATABASE_URL: t.url, ALERT_WEBHOOK_URL: WITH_CREDENTIALS });
    expect(result.code).toBe(2);
    const output = result.stdout + result.stderr;
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ghl-payments: Invalid ALERT_WEBHOOK_URL: contains a user name or password/)]);
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('`ghl-payments doctor` reports it as a ✗ with what to fix, without the password', async () => {
    const result = await runCli(BIN.ghlPayments, ['doctor'], { DATABASE_URL: t.url, ALERT_WEBHOOK_URL: WITH_CREDENTIALS });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ configuration is invalid: Invalid ALERT_WEBHOOK_URL: contains a user name or password/m);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });
});
