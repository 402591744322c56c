import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildWorkerObservers } from '@ghl-payments/cli';
import { BIN, createTestDatabase, runCli, startAlertSink, startSmtpSink, TestDatabase, waitUntil } from '@ghl-payments/test-support';
import type { ReconcileResult } from '@ghl-payments/worker';

const MP_ACCESS_TOKEN = 'APP_USR-e2e-planted-token-4d4d4d';
const GHL_API_TOKEN = 'pit-e2e-planted-token-2e2e2e';
const SMTP_PASSWORD = 'e2e-smtp-password-1f1f1f';

describe('ghl-payments alerts test, and the worker\'s alerts wiring', () => {
  let t: TestDatabase;
  let logDir: string;
  beforeEach(async () => { t = await createTestDatabase(); logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-alerts-logs-')); });
  afterEach(async () => { await t.destroy(); fs.rmSync(logDir, { recursive: true, force: true }); });

  it('sends one alert of each kind to every channel and says which were sent', async () => {
    const [slack, json, smtp] = await Promise.all([startAlertSink(), startAlertSink(), startSmtpSink({ password: SMTP_PASSWORD })]);
    try {
      const env = {
        DATABASE_URL: t.url, LOG_DIR: logDir, ALERT_LANGUAGE: 'pt-BR', TZ: 'America/Sao_Paulo', PUBLIC_URL: 'https://pagos.example.com',
        ALERT_WEBHOOK_URL: slack.url, ALERT_JSON_WEBHOOK_URL: json.url, ALERT_EMAIL_TO: 'dono@loja.example', SMTP_URL: smtp.url, ALERT_EMAIL_FROM: 'Alertas <alertas@loja.example>',
        MP_ACCESS_TOKEN, GHL_API_TOKEN,
      };
      const result = await runCli(BIN.ghlPayments, ['alerts', 'test'], env);
      expect(result.code).toBe(0);
      const rows = result.stdout.trim().split('\n').slice(2, -1).map((line) => line.split(/\s{2,}/));
      expect(rows).toHaveLength(21);
      expect(rows.every((r) => r[2] === 'sent')).toBe(true);
      expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['event-failed', 'credentials-rejected', 'notifications-missing', 'signatures-rejected', 'backlog-stuck', 'upstream-paused', 'daily-digest']));
      expect(result.stdout.trim().split('\n').pop()).toBe('sent=21 failed=0 (language pt-BR)');
      expect(slack.texts).toHaveLength(7);
      expect(slack.texts.every((text) => text.startsWith('[TEST] ghl-payments: '))).toBe(true);
      expect(smtp.emails.map((e) => e.subject)).toContain('[ghl-payments] [TEST] Os avisos do MercadoPago não estão chegando');
      expect(smtp.emails.every((e) => e.from === 'alertas@loja.example' && e.headers['content-language'] === 'pt-BR')).toBe(true);
      expect(json.bodies.map((b) => (b as unknown as { details: { test?: boolean } }).details.test)).toEqual(Array(7).fill(true));
      const everything = [result.stdout, result.stderr, ...slack.texts, ...json.bodies.map((b) => JSON.stringify(b)), ...smtp.emails.map((e) => e.raw)].join('\n');
      for (const secret of [MP_ACCESS_TOKEN, GHL_API_TOKEN, SMTP_PASSWORD]) expect(everything).not.toContain(secret);
    } finally {
      await Promise.all([slack.close(), json.close(), smtp.close()]);
    }
  });

  it('exits 1 naming the channel that failed, and 2 when no channel is configured', async () => {
    const [slack, json] = await Promise.all([startAlertSink(), startAlertSink((res) => { res.statusCode = 503; res.end(); })]);
    try {
      const env = { DATABASE_URL: t.url, LOG_DIR: logDir, ALERT_WEBHOOK_URL: slack.url, ALERT_JSON_WEBHOOK_URL: json.url };
      const failed = await runCli(BIN.ghlPayments, ['alerts', 'test', '--kind', 'backlog-stuck'], env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/backlog-stuck\s+slack\s+sent/);
      expect(failed.stdout).toMatch(/backlog-stuck\s+json\s+FAILED: the JSON alert webhook answered HTTP 503/);
      expect(failed.stdout).toMatch(/sent=1 failed=1: fix the channel named above/);
      expect(slack.texts).toHaveLength(1);
      expect(slack.texts[0]).toMatch(/^\[TEST\] ghl-payments: 12 avisos esperan ser procesados/); // Spanish by default
    } finally {
      await Promise.all([slack.close(), json.close()]);
    }
    const none = await runCli(BIN.ghlPayments, ['alerts', 'test'], { DATABASE_URL: t.url, LOG_DIR: logDir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no alert channel is configured: set ALERT_WEBHOOK_URL/);
    const help = await runCli(BIN.ghlPayments, ['alerts', 'test', '--help'], { DATABASE_URL: t.url, LOG_DIR: logDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/send one sample alert of each kind/);
    const bad = await runCli(BIN.ghlPayments, ['alerts', 'test', '--kind', 'nope'], { DATABASE_URL: t.url, LOG_DIR: logDir });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/expected one of event-failed, credentials-rejected/);
  });

  it('a sweep that found silent payments alerts "notifications not arriving" (a dry run does not)', async () => {
    const slack = await startAlertSink();
    try {
      const config = loadConfig({ DATABASE_URL: t.url, ALERT_WEBHOOK_URL: slack.url, ALERT_LANGUAGE: 'es' });
      const observers = buildWorkerObservers({ config, logger: createSilentLogger(), store: t.db, metrics: false });
      const result: ReconcileResult = {
        id: 1, windowStart: Date.now() - 72 * 3_600_000, windowEnd: Date.now(), startedAt: Date.now(), finishedAt: Date.now(), pages: 1, checked: 10, missing: 2, changed: 0,
        queued: 2, errors: 0, dryRun: true, silent: [{ mpPaymentId: '555', status: 'approved', dateCreated: null }, { mpPaymentId: '556', status: 'approved', dateCreated: null }],
      };
      observers.workerHooks.onReconciled?.(result);
      observers.workerHooks.onReconciled?.({ ...result, dryRun: false, silent: [] });
      await observers.alerter?.flush(2000);
      expect(slack.texts).toEqual([]);
      observers.workerHooks.onReconciled?.({ ...result, dryRun: false });
      await waitUntil(() => slack.texts.length === 1);
      expect(slack.texts[0]).toMatch(/^ghl-payments: MercadoPago tiene 2 pagos de hace más de 15 minutos que ningún aviso nos anunció: 555 \(approved\), 556 \(approved\)\./);
      expect(slack.texts[0]).toMatch(/la URL de notificación .* MP_WEBHOOK_SECRET, o el evento Pagos no está marcado/);
      observers.workerHooks.onReconciled?.({ ...result, dryRun: false }); // the next sweep within the hour: held back
      await observers.alerter?.flush(2000);
      expect(slack.texts).toHaveLength(1);
    } finally {
      await slack.close();
    }
  });
});
