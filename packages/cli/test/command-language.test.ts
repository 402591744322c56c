import { formatMercadoPagoDate } from '@ghl-payments/sandbox';
import {
  BIN, createE2eHarness, E2eHarness, findFreePort, runCli, seedEvents, seedPayment, startAlertSink, startCli,
} from '@ghl-payments/test-support';

const DAY = 86_400_000;

/**
 * The ways a user chooses the commands' language, and the language each must give: UI_LANGUAGE, else the terminal's
 * locale, else English (LANG=C: scripts and CI keep today's English output, checked word for word below).
 */
const CHOICES = [
  { name: 'UI_LANGUAGE=es', env: { UI_LANGUAGE: 'es', LANG: 'C' }, language: 'es' },
  { name: 'UI_LANGUAGE=pt-BR', env: { UI_LANGUAGE: 'pt-BR' }, language: 'pt-BR' },
  { name: 'LANG=pt_BR.UTF-8 without UI_LANGUAGE', env: { LANG: 'pt_BR.UTF-8' }, language: 'pt-BR' },
  { name: 'neither (LANG=C)', env: { LANG: 'C' }, language: 'en' },
] as const;
type Language = (typeof CHOICES)[number]['language'];

/** One value per language. */
const pick = <T>(language: Language, values: Record<Language, T>): T => values[language];

describe('command summaries speak UI_LANGUAGE, else the terminal\'s language, else English', () => {
  let h: E2eHarness;
  beforeAll(async () => { h = await createE2eHarness(); });
  afterAll(async () => { await h.destroy(); });

  describe('process-webhooks (once): a line in words, then the key=value line scripts parse, unchanged', () => {
    let payment = 7100;
    it.each(CHOICES)('$name', async ({ env, language }) => {
      payment += 1;
      h.mp.setPayment({ id: payment, status: 'approved', payer: { email: `buyer${payment}@example.com` } });
      await h.notifyPayment(payment);
      const result = await runCli(BIN.processWebhooks, [], { ...h.env, ...env });
      expect(result.code).toBe(0); // its log lines go to standard error
      expect(result.stdout).toBe(pick(language, {
        es: '1 evento procesado: 1 con éxito, 0 se reintentarán, 0 fallidos.\n',
        'pt-BR': '1 evento processado: 1 com sucesso, 0 serão tentados de novo, 0 com falha.\n',
        en: '',
      }) + 'processed=1 success=1 retried=0 failed=0\n');
    });
  });

  describe('reconcile: the findings and the words around checked=… are translated, the key=value line is not', () => {
    // its own MercadoPago and database: the payments other tests approve would be found too
    let r: E2eHarness;
    beforeAll(async () => {
      r = await createE2eHarness();
      const anHourAgo = formatMercadoPagoDate(Date.now() - 3_600_000);
      r.mp.setPayment({ id: 9201, status: 'approved', payer: { email: 'carla@example.com' }, date_created: anHourAgo, date_last_updated: anHourAgo });
    });

    afterAll(async () => { await r.destroy(); });

    it.each(CHOICES)('--dry-run, $name', async ({ env, language }) => {
      const result = await runCli(BIN.ghlPayments, ['reconcile', '--dry-run', '--since', '2h'], { ...r.env, ...env });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(pick(language, {
        es: 'se encolaría 9201: falta (approved en MercadoPago, nunca registrado)\n'
          + 'Simulación, no se encoló nada: 1 pago revisado en MercadoPago; 1 nunca registrado, 0 con otro estado; se encolaría 1.\n',
        'pt-BR': 'seria enfileirado 9201: ausente (approved no MercadoPago, nunca registrado)\n'
          + 'Simulação, nada foi enfileirado: 1 pagamento verificado no MercadoPago; 1 nunca registrado, 0 com outro status; seria enfileirado 1.\n',
        en: 'would queue 9201: missing (approved at MercadoPago, never recorded)\n',
      }) + 'checked=1 missing=1 changed=0 would_queue=1\n');
    });

    it('a sweep that queues, in Spanish', async () => {
      const result = await runCli(BIN.ghlPayments, ['reconcile', '--since', '2h'], { ...r.env, UI_LANGUAGE: 'es' });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe('1 pago revisado en MercadoPago: 1 nunca registrado, 0 con otro estado; 1 encolado para procesar.\n'
        + 'checked=1 missing=1 changed=0 queued=1\n');
    });
  });

  describe('purge', () => {
    beforeAll(async () => {
      await seedPayment(h.t.db, { mpPaymentId: '9301', payerEmail: 'viejo@example.com' }, Date.now() - 400 * DAY);
      await seedEvents(h.t.db, [{ status: 'success', receivedAt: Date.now() - 400 * DAY }]);
    });

    it.each(CHOICES)('--dry-run, $name', async ({ env, language }) => {
      const result = await runCli(BIN.ghlPayments, ['purge', '--dry-run'], { ...h.env, ...env });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const lines = result.stdout.split('\n');
      expect(lines[0]).toMatch(pick(language, {
        es: /^simulación, nada cambió: se borrarían los datos personales de los eventos y pagos terminados de más de 180 días \(anteriores a \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
        'pt-BR': /^simulação, nada mudou: seriam apagados os dados pessoais dos eventos e pagamentos finalizados com mais de 180 dias \(anteriores a \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
        en: /^dry run, nothing changed: would clear the personal data of finished events and payments older than 180 days \(before \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
      }));
      expect(lines.slice(1)).toEqual(['events=1 payments=1', '']);
    });

    it('in hours, and done, in Portuguese', async () => {
      const result = await runCli(BIN.ghlPayments, ['purge', '--older-than', '36h'], { ...h.env, LANG: 'pt_BR.UTF-8' });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^dados pessoais dos eventos e pagamentos finalizados com mais de 36 horas \(anteriores a [^)]+\) apagados; registrado no log de auditoria\nevents=1 payments=1 texts=0\n$/);
    });
  });

  describe('forget', () => {
    it.each(CHOICES)('$name', async ({ env, language }) => {
      const result = await runCli(BIN.ghlPayments, ['forget', '--email', 'nadie@example.org'], { ...h.env, ...env });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(pick(language, {
        es: /^no hay nada guardado de esta dirección \(sha256 [0-9a-f]{64}\); el pedido quedó en el registro de auditoría$/m,
        'pt-BR': /^nada armazenado para este endereço \(sha256 [0-9a-f]{64}\); o pedido foi registrado no log de auditoria$/m,
        en: /^nothing stored for this address \(sha256 [0-9a-f]{64}\); the request is recorded in the audit log$/m,
      }));
      expect(result.stdout).toMatch(/^payments=0 subscriptions=0 events=0 contacts=0 texts=0$/m);
      expect(result.stdout).toContain(pick(language, {
        es: 'Lo que este comando no borra:\n  - los archivos de log escritos hasta ahora (LOG_DIR/webhook*.log)',
        'pt-BR': 'O que este comando não apaga:\n  - os arquivos de log escritos até agora (LOG_DIR/webhook*.log)',
        en: 'Not erased by this command:\n  - log files written before now (LOG_DIR/webhook*.log)',
      }));
      expect(result.stdout).toContain(pick(language, {
        es: 'Un aviso posterior sobre el comprador (un reembolso, una compra nueva) vuelve a guardar lo que necesita.',
        'pt-BR': 'Um aviso posterior sobre o comprador (um reembolso, uma nova compra) volta a guardar o que precisa.',
        en: 'A later notification about the buyer (a refund, a new purchase) stores what it needs again.',
      }));
    });
  });

  describe('alerts test: result words translated; column keys, kinds, channels and sent=… failed=… kept', () => {
    it.each(CHOICES)('$name', async ({ env, language }) => {
      const sink = await startAlertSink();
      try {
        const result = await runCli(BIN.ghlPayments, ['alerts', 'test', '--kind', 'backlog-stuck'], { ...h.env, ALERT_WEBHOOK_URL: sink.url, ...env });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const lines = result.stdout.trim().split('\n');
        expect(lines[0]).toMatch(/^KIND +CHANNEL +RESULT$/);
        expect(lines[2]).toMatch(new RegExp(`^backlog-stuck +slack +${pick(language, { es: 'enviada', 'pt-BR': 'enviado', en: 'sent' })}$`));
        // the alerts' own language is ALERT_LANGUAGE, else UI_LANGUAGE, else Spanish: not the terminal's
        const alertLanguage = 'UI_LANGUAGE' in env ? env.UI_LANGUAGE : 'es';
        expect(lines.pop()).toBe(`sent=1 failed=0${pick(language, {
          es: ` (alertas en idioma ${alertLanguage})`, 'pt-BR': ` (alertas no idioma ${alertLanguage})`, en: ` (language ${alertLanguage})`,
        })}`);
      } finally {
        await sink.close();
      }
    });

    it('a channel that fails, in Spanish', async () => {
      const sink = await startAlertSink((res) => { res.statusCode = 503; res.end(); });
      try {
        const result = await runCli(BIN.ghlPayments, ['alerts', 'test', '--kind', 'backlog-stuck'], { ...h.env, ALERT_JSON_WEBHOOK_URL: sink.url, UI_LANGUAGE: 'es' });
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^backlog-stuck +json +FALLÓ: the JSON alert webhook answered HTTP 503/m);
        expect(result.stdout).toMatch(/^sent=0 failed=1: corrija el canal indicado arriba \(vea docs\/operations\.md, "Alerts"\) y vuelva a ejecutar este comando$/m);
      } finally {
        await sink.close();
      }
    });
  });

  describe('doctor: the verdict line is translated, the checks stay English', () => {
    it.each(CHOICES)('$name', async ({ env, language }) => {
      const { MP_ACCESS_TOKEN: _mp, GHL_API_TOKEN: _ghl, ...withoutTokens } = h.env;
      const result = await runCli(BIN.ghlPayments, ['doctor'], { ...withoutTokens, ...env });
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^✗ MP_ACCESS_TOKEN is not set$/m);
      expect(result.stdout.trim().split('\n').pop()).toMatch(pick(language, {
        es: /^\d+ problemas para corregir \(✗\)( y \d+ advertencias? \(!\) para revisar)?: corrija las líneas ✗ de arriba y vuelva a ejecutar `ghl-payments doctor`\.$/,
        'pt-BR': /^\d+ problemas para corrigir \(✗\)( e \d+ avisos? \(!\) para verificar)?: corrija as linhas ✗ acima e execute `ghl-payments doctor` de novo\.$/,
        en: /^\d+ problems to fix \(✗\)( and \d+ warnings? \(!\) worth a look)?: fix the ✗ lines above, then run `ghl-payments doctor` again\.$/,
      }));
    });
  });

  describe('start: its start-up banner', () => {
    it.each(CHOICES)('$name', async ({ env, language }) => {
      const port = await findFreePort();
      const app = startCli(BIN.ghlPayments, ['start'], { ...h.env, PORT: String(port), ADMIN_TOKEN: 'an-admin-token-of-enough-length-Xq7Rk2', ...env });
      const url = `http://127.0.0.1:${port}`;
      const stopHint = pick(language, { es: 'Ctrl-C detiene los dos.', 'pt-BR': 'Ctrl-C para os dois.', en: 'Ctrl-C stops both.' });
      try {
        await app.waitForOutput(new RegExp(stopHint.replace('.', '\\.')), 20_000);
        await app.waitForOutput(/receiver listening/, 20_000); // the supervisor is in charge of the signals by now
      } finally {
        app.child.kill('SIGINT');
      }
      const result = await app.exitedWithin(20_000);
      // one stop notice, in the same language
      expect(result.stdout + result.stderr).toContain(pick(language, {
        es: 'SIGINT recibido: deteniendo (el receptor se cierra, el worker termina sus eventos en curso en',
        'pt-BR': 'SIGINT recebido: parando (o receptor fecha, o worker termina os eventos em andamento em até',
        en: 'SIGINT received: stopping (the receiver closes, the worker finishes its in-flight events within',
      }));
      const banner = app.stdout().split('\n');
      const start = banner.findIndex((line) => line.startsWith('ghl-payments: '));
      expect(banner.slice(start, start + 5)).toEqual(pick(language, {
        es: [
          `ghl-payments: iniciando el receptor en ${url} y un worker`,
          `  Avisos de MercadoPago  ${url}/webhooks/mp`,
          `  Panel                  ${url}/admin`,
          `  Logs                   ${h.logDir}/webhook.log (líneas JSON; las mismas líneas se muestran aquí)`,
          '  Ctrl-C detiene los dos.',
        ],
        'pt-BR': [
          `ghl-payments: iniciando o receptor em ${url} e um worker`,
          `  Avisos do MercadoPago  ${url}/webhooks/mp`,
          `  Painel                 ${url}/admin`,
          `  Logs                   ${h.logDir}/webhook.log (linhas JSON; as mesmas linhas aparecem aqui)`,
          '  Ctrl-C para os dois.',
        ],
        en: [
          `ghl-payments: starting the receiver on ${url} and a worker`,
          `  MercadoPago notifications  ${url}/webhooks/mp`,
          `  Dashboard                  ${url}/admin`,
          `  Logs                       ${h.logDir}/webhook.log (JSON lines; the same lines are shown here)`,
          '  Ctrl-C stops both.',
        ],
      }));
    });
  });
});
