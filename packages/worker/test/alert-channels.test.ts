import { AlertLanguage, Config, createSilentLogger, listSecrets, loadConfig, Logger } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { AlertFacts, ALERT_KINDS, buildAlert, buildAlertChannels, createAlerts, sampleAlertFacts } from '@ghl-payments/worker';
import { createTestDatabase, startAlertSink, startSmtpSink, TestDatabase } from '@ghl-payments/test-support';

const NOW = Date.UTC(2026, 11, 8, 14, 0);
const MP_TOKEN = 'APP_USR-planted-mp-token-7a7a7a';
const GHL_TOKEN = 'pit-planted-ghl-token-5b5b5b';
const WEBHOOK_SECRET = 'planted-webhook-secret-3c3c3c';
const ADMIN_TOKEN = 'c0ffee11c0ffee22c0ffee33c0ffee44c0ffee55';
const SMTP_PASSWORD = 'planted-smtp-pass-9d9d9d';
const SLACK_PATH_SECRET = 'slackpathsecret8e8e8e';
const JSON_PATH_SECRET = 'jsonpathsecret6f6f6f';

function capturingLogger() {
  const lines: Array<{ level: string; message: string; meta: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, meta: Record<string, unknown> = {}) => { lines.push({ level, message, meta }); };
  const logger = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
  return { logger: logger as unknown as Logger, lines };
}

/** The sample of every kind, with the planted secrets where an upstream's text could carry them. */
function factsWithSecrets(): AlertFacts[] {
  return sampleAlertFacts(NOW).map((f): AlertFacts => {
    if (f.kind === 'event-failed') return { ...f, event: { ...f.event, lastError: `MercadoPago said: invalid token ${MP_TOKEN}; GHL Bearer ${GHL_TOKEN}; smtp ${SMTP_PASSWORD}` } };
    if (f.kind === 'upstream-paused') return { ...f, reason: `limit reached for ${ADMIN_TOKEN}` };
    if (f.kind === 'credentials-rejected') return { ...f, operation: `GET /v1/payments?secret=${WEBHOOK_SECRET}` };
    return f;
  });
}

/** The phrase each kind's title must have, per language (what the owner reads in the subject). */
const TITLES: Record<AlertLanguage, Record<string, string>> = {
  es: {
    'event-failed': 'Un aviso de pago no se pudo procesar', 'credentials-rejected': 'MercadoPago rechaza las credenciales',
    'notifications-missing': 'No están llegando los avisos de MercadoPago', 'signatures-rejected': 'rechazando avisos por firma inválida',
    'backlog-stuck': 'Hay pagos esperando hace 45 min', 'upstream-paused': 'Se alcanzó el límite diario de GoHighLevel', 'daily-digest': 'Resumen del día: 42 pagos, 1 con problemas',
  },
  'pt-BR': {
    'event-failed': 'Um aviso de pagamento não pôde ser processado', 'credentials-rejected': 'MercadoPago está recusando as credenciais',
    'notifications-missing': 'Os avisos do MercadoPago não estão chegando', 'signatures-rejected': 'recusados por assinatura inválida',
    'backlog-stuck': 'Há pagamentos esperando há 45 min', 'upstream-paused': 'O limite diário do GoHighLevel foi atingido', 'daily-digest': 'Resumo do dia: 42 pagamentos, 1 com problemas',
  },
  en: {
    'event-failed': 'A payment notification could not be processed', 'credentials-rejected': 'MercadoPago rejects the credentials',
    'notifications-missing': 'MercadoPago\'s notifications are not arriving', 'signatures-rejected': 'refused for a bad signature',
    'backlog-stuck': 'Payments have been waiting for 45 min', 'upstream-paused': 'GoHighLevel\'s daily limit reached', 'daily-digest': 'Daily digest: 42 payments, 1 with problems',
  },
};
/** A phrase of "what to do" in each language's texts. */
const WHAT_TO_DO: Record<AlertLanguage, RegExp> = { es: /Qué hacer|No hace falta hacer nada|Todo en orden/, 'pt-BR': /O que fazer|Não é preciso fazer nada|Tudo certo/, en: /What to do|fixed|shows the pause|All is well/ };

describe('alert channels: every kind through Slack, email and the JSON webhook', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  async function startSinks(smtpOptions: Parameters<typeof startSmtpSink>[0] = {}) {
    const [slack, json, smtp] = await Promise.all([startAlertSink(), startAlertSink(), startSmtpSink({ password: SMTP_PASSWORD, ...smtpOptions })]);
    return { slack, json, smtp, close: () => Promise.all([slack.close(), json.close(), smtp.close()]) };
  }

  function configFor(sinks: { slack: { url: string }; json: { url: string }; smtp: { url: string } }, language: string): Config {
    return loadConfig({
      DATABASE_URL: t.url, ALERT_LANGUAGE: language, TZ: 'America/Argentina/Buenos_Aires', PUBLIC_URL: 'https://pagos.example.com',
      ALERT_WEBHOOK_URL: `${sinks.slack.url}/${SLACK_PATH_SECRET}`, ALERT_JSON_WEBHOOK_URL: `${sinks.json.url}/${JSON_PATH_SECRET}`,
      ALERT_EMAIL_TO: 'owner@shop.example, ops@shop.example', SMTP_URL: sinks.smtp.url,
      MP_ACCESS_TOKEN: MP_TOKEN, GHL_API_TOKEN: GHL_TOKEN, MP_WEBHOOK_SECRET: WEBHOOK_SECRET, ADMIN_TOKEN,
    });
  }

  it.each(['es', 'pt-BR', 'en'] as const)('sends each kind to every channel in %s, with the dashboard link and no secret', async (language) => {
    const sinks = await startSinks();
    try {
      const config = configFor(sinks, language);
      expect(listSecrets(config)).toEqual(expect.arrayContaining([SMTP_PASSWORD, MP_TOKEN, GHL_TOKEN]));
      const { logger, lines } = capturingLogger();
      const alerts = createAlerts({
        store: t.db, channels: buildAlertChannels(config), logger, now: () => NOW, secrets: listSecrets(config),
        language: config.alerts.language, timeZone: config.alerts.timeZone, publicUrl: config.alerts.publicUrl,
      });
      expect(alerts.channels.map((c) => c.name)).toEqual(['slack', 'email', 'json']);
      for (const facts of factsWithSecrets()) {
        expect((await alerts.send(facts)).map((r) => [r.channel, r.ok])).toEqual([['slack', true], ['email', true], ['json', true]]);
      }
      alerts.close();

      expect(sinks.slack.bodies).toHaveLength(ALERT_KINDS.length);
      expect(sinks.json.bodies).toHaveLength(ALERT_KINDS.length);
      expect(sinks.smtp.emails).toHaveLength(ALERT_KINDS.length);
      expect(sinks.smtp.logins).toEqual(ALERT_KINDS.map(() => 'alerts@shop.example')); // it signed in with SMTP_URL's user
      const jsonBodies = sinks.json.bodies as unknown as Array<Record<string, unknown>>;
      ALERT_KINDS.forEach((kind, i) => {
        const body = jsonBodies[i];
        expect(Object.keys(body)).toEqual(['kind', 'severity', 'title', 'text', 'language', 'occurredAt', 'dashboardUrl', 'details']);
        expect(body).toMatchObject({ kind, language, occurredAt: new Date(NOW).toISOString(), dashboardUrl: expect.stringMatching(/^https:\/\/pagos\.example\.com\/admin/) });
        expect(body.title).toContain(TITLES[language][kind]);
        expect(body.text).toMatch(WHAT_TO_DO[language]);
        expect(body.text).toMatch(/^ghl-payments: /);
        // Slack gets the same self-contained text; email the title as subject and the text with the link
        expect(sinks.slack.bodies[i]).toEqual({ text: body.text });
        const email = sinks.smtp.emails[i];
        expect(email.subject).toBe(`[ghl-payments] ${String(body.title)}`);
        expect(email.to).toEqual(['owner@shop.example', 'ops@shop.example']);
        expect(email.from).toBe('alerts@shop.example'); // ALERT_EMAIL_FROM unset: the SMTP user
        expect(email.headers['content-language']).toBe(language);
        expect(email.text).toContain(String(body.text));
        expect(email.text).toContain(String(body.dashboardUrl));
      });
      // no secret anywhere a person or a machine could read: bodies, emails as sent, log lines
      const everything = [
        ...sinks.slack.texts, ...sinks.json.bodies.map((b) => JSON.stringify(b)), ...sinks.smtp.emails.map((e) => e.raw), JSON.stringify(lines),
      ].join('\n');
      for (const secret of [MP_TOKEN, GHL_TOKEN, WEBHOOK_SECRET, ADMIN_TOKEN, SMTP_PASSWORD, SLACK_PATH_SECRET, JSON_PATH_SECRET, sinks.smtp.url]) {
        expect(everything).not.toContain(secret);
      }
      expect(everything).toContain('[REDACTED]'); // the planted values were there, and were scrubbed
    } finally {
      await sinks.close();
    }
  });

  it('a failing channel is logged (redacted) and does not stop the others', async () => {
    const slack = await startAlertSink();
    const json = await startAlertSink((res) => { res.statusCode = 500; res.end('no'); });
    const smtp = await startSmtpSink({ password: SMTP_PASSWORD, reject: true });
    try {
      const config = configFor({ slack, json, smtp }, 'es');
      const { logger, lines } = capturingLogger();
      const outcomes: string[] = [];
      const alerts = createAlerts({
        store: t.db, channels: buildAlertChannels(config, { timeoutMs: 2000 }), logger, now: () => NOW, secrets: listSecrets(config),
        language: 'es', timeZone: 'America/Argentina/Buenos_Aires', onResult: (r) => outcomes.push(r),
      });
      const results = await alerts.send(factsWithSecrets()[0]);
      alerts.close();
      expect(results).toEqual([
        { channel: 'slack', ok: true },
        { channel: 'email', ok: false, error: expect.stringMatching(/^the mail server did not take the alert email \(SMTP 550: .*\); check SMTP_URL and ALERT_EMAIL_TO$/) },
        { channel: 'json', ok: false, error: 'the JSON alert webhook answered HTTP 500' },
      ]);
      expect(outcomes.sort()).toEqual(['error', 'error', 'sent']);
      expect(slack.bodies).toHaveLength(1);
      expect(lines.filter((l) => l.level === 'warn').map((l) => l.message).sort()).toEqual([
        'could not send the event-failed alert through email (it is not retried)',
        'could not send the event-failed alert through json (it is not retried)',
      ]);
      expect(JSON.stringify(lines)).not.toContain(SMTP_PASSWORD);
      expect(JSON.stringify(lines)).not.toContain(JSON_PATH_SECRET);
    } finally {
      await Promise.all([slack.close(), json.close(), smtp.close()]);
    }
  });

  it('throttles per kind: one an hour, the next says how many were held back, across a restart', async () => {
    const slack = await startAlertSink();
    try {
      let clock = NOW;
      const config = loadConfig({ DATABASE_URL: t.url, ALERT_WEBHOOK_URL: slack.url });
      const make = (store = t.db) => createAlerts({
        store, channels: buildAlertChannels(config), logger: createSilentLogger(), now: () => clock, secrets: [], language: 'es', timeZone: 'America/Argentina/Buenos_Aires',
      });
      const credentials: AlertFacts = { kind: 'credentials-rejected', service: 'ghl', rejections: 3, windowMs: 600_000, lastStatus: 401, operation: 'POST /contacts/upsert' };
      const key = { key: 'credentials-rejected:ghl' };
      const first = make();
      expect(await first.raise(credentials, key)).toBe('sent');
      clock += 10 * 60_000;
      expect(await first.raise(credentials, key)).toBe('suppressed');
      expect(await first.raise({ kind: 'signatures-rejected', rejections: 5, windowMs: 600_000 })).toBe('sent'); // another kind is not held back
      expect(await first.raise(credentials, { key: 'credentials-rejected:mercadopago' })).toBe('sent'); // nor another upstream

      // a restart: a new process (new store, new alerts) on the same database still holds it back
      const store = openStore(config.database);
      try {
        const second = make(store);
        clock += 20 * 60_000;
        expect(await second.raise(credentials, key)).toBe('suppressed');
        expect(await store.readAlertState('credentials-rejected:ghl')).toEqual({ key: 'credentials-rejected:ghl', lastSentAt: NOW, suppressed: 2 });
        clock = NOW + 3_600_000; // the hour is over: sent, saying how many were held back since the first
        expect(await second.raise(credentials, key)).toBe('sent');
      } finally {
        await store.close();
      }
      expect(slack.texts).toHaveLength(4);
      expect(slack.texts[0]).not.toMatch(/retenida/);
      expect(slack.texts[3]).toMatch(/GoHighLevel rechazó 3 pedidos en 10 min/);
      expect(slack.texts[3]).toMatch(/\(2 alertas iguales retenidas desde el 08\/12\/2026, 11:00 .*: se envía como máximo una por hora\)$/);
    } finally {
      await slack.close();
    }
  });

  it('sends one alert when two alerters on two connections race for the same kind', async () => {
    const slack = await startAlertSink();
    const config = loadConfig({ DATABASE_URL: t.url, ALERT_WEBHOOK_URL: slack.url });
    const other = openStore(config.database);
    try {
      const make = (store: typeof t.db) => createAlerts({
        store, channels: buildAlertChannels(config), logger: createSilentLogger(), now: () => NOW, secrets: [], language: 'pt-BR', timeZone: 'America/Sao_Paulo',
      });
      const [a, b] = [make(t.db), make(other)];
      const backlog: AlertFacts = { kind: 'backlog-stuck', oldestReceivedAt: NOW - 40 * 60_000, pending: 3, thresholdMs: 30 * 60_000 };
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).raise(backlog)));
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'suppressed')).toHaveLength(9);
      expect(slack.texts).toHaveLength(1);
      expect(slack.texts[0]).toMatch(/^ghl-payments: 3 avisos esperam para ser processados/);
      expect((await other.readAlertState('backlog-stuck'))?.suppressed).toBe(9);
    } finally {
      await other.close();
      await slack.close();
    }
  });
});

describe('alerts of an agency\'s accounts', () => {
  it('name the account first, in each language, and carry it in the JSON', () => {
    const facts: AlertFacts = { ...sampleAlertFacts(NOW)[0], account: 'acme' } as AlertFacts;
    const words: Record<AlertLanguage, string> = { es: '[cuenta acme] ', 'pt-BR': '[conta acme] ', en: '[account acme] ' };
    for (const language of ['es', 'pt-BR', 'en'] as const) {
      const alert = buildAlert(facts, { language, timeZone: 'America/Argentina/Buenos_Aires', secrets: [], now: NOW });
      expect(alert.title.startsWith(words[language])).toBe(true);
      expect(alert.text.startsWith(words[language])).toBe(true);
      expect(alert.account).toBe('acme');
      expect(alert.details.account).toBe('acme');
    }
    const shop = buildAlert(sampleAlertFacts(NOW)[0], { language: 'es', timeZone: 'UTC', secrets: [], now: NOW });
    expect(shop.title).not.toMatch(/^\[/);
    expect(shop.account).toBeUndefined();
  });
});
