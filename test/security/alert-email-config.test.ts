import { ConfigError, listSecrets, loadConfig } from '@ghl-payments/core';

// Issue 17: SMTP_URL carries a password. It must be redacted everywhere (listSecrets), and a mistake in it must be
// explained without repeating it.

const PASSWORD = 'p@ss:w0rd-smtp-6a6a';
const SMTP_URL = `smtps://alerts%40shop.example:${encodeURIComponent(PASSWORD)}@smtp.example.com:465`;

describe('alert email configuration', () => {
  it('reads the channel, the sender and the password to redact, both as written and decoded', () => {
    const config = loadConfig({ ALERT_EMAIL_TO: 'owner@shop.example, ops@shop.example', SMTP_URL });
    expect(config.alerts.email).toEqual({ to: ['owner@shop.example', 'ops@shop.example'], smtpUrl: SMTP_URL, from: 'alerts@shop.example' });
    expect(listSecrets(config)).toEqual(expect.arrayContaining([PASSWORD, encodeURIComponent(PASSWORD), SMTP_URL]));
    expect(loadConfig({ ALERT_EMAIL_TO: 'a@b.example', SMTP_URL: 'smtp://relay.internal:25' }).alerts.email?.from).toBe('ghl-payments@relay.internal');
    expect(loadConfig({}).alerts).toMatchObject({ language: 'es', backlogAgeMs: 30 * 60_000, digestTime: { hour: 8, minute: 0 }, email: undefined });
  });

  it.each([
    [{ ALERT_EMAIL_TO: 'owner@shop.example' }, /^ALERT_EMAIL_TO is set but SMTP_URL is not: set SMTP_URL=smtp:\/\/user:pass@host:587/],
    [{ SMTP_URL }, /^SMTP_URL is set but ALERT_EMAIL_TO is not/],
    [{ SMTP_URL: `https://u:${PASSWORD}@mail.example.com`, ALERT_EMAIL_TO: 'a@b.example' }, /^Invalid SMTP_URL: must start with smtp:\/\/ .* or smtps:\/\//],
    [{ ALERT_EMAIL_TO: 'owner at shop', SMTP_URL }, /^Invalid ALERT_EMAIL_TO: "owner at shop" is not an email address/],
    [{ ALERT_LANGUAGE: 'fr' }, /^Invalid ALERT_LANGUAGE: "fr" is not es, pt-BR or en$/],
    [{ DIGEST_TIME: '25:00' }, /^Invalid DIGEST_TIME: "25:00" is not a time such as 08:00/],
    [{ TZ: 'Mars/Olympus' }, /^Invalid TZ: "Mars\/Olympus" is not a time zone name/],
  ])('refuses %j with one line that never shows the password', (env, message) => {
    let error: unknown;
    try { loadConfig(env); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(PASSWORD);
  });
});
