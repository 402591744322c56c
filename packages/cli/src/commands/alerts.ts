import { Command, InvalidArgumentError } from 'commander';
import { closeLogger, listSecrets, redactText } from '@ghl-payments/core';
import { ALERT_KINDS, AlertKind, buildAlert, buildAlertChannels, deliverAlert, sampleAlertFacts, ALERT_TIMEOUT_MS } from '@ghl-payments/worker';
import { createProcessLogger } from '../create-process-logger';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from '../exit-codes';
import { formatTable } from '../format-table';
import { loadCliConfig } from '../load-cli-config';
import { alertsMessages } from '../messages/alerts-messages';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';

function parseKind(raw: string): AlertKind {
  const kind = ALERT_KINDS.find((k) => k === raw.trim());
  if (!kind) throw new InvalidArgumentError(`expected one of ${ALERT_KINDS.join(', ')}`);
  return kind;
}

/**
 * `ghl-payments alerts test`: one sample alert of each kind (marked TEST) to every configured channel, unthrottled and
 * without touching the database, then a table of what each channel did. Exit 0 when every channel took every alert.
 */
export async function runAlertsTest(flags: { kind?: AlertKind }, now = Date.now()): Promise<number> {
  const config = loadCliConfig();
  const channels = buildAlertChannels(config);
  if (channels.length === 0) {
    process.stderr.write('ghl-payments: no alert channel is configured: set ALERT_WEBHOOK_URL (Slack-compatible), ALERT_EMAIL_TO with SMTP_URL, or ALERT_JSON_WEBHOOK_URL\n');
    return EXIT_USAGE;
  }
  const logger = createProcessLogger(config, 'cli');
  const secrets = listSecrets(config);
  const texts = pickMessages(alertsMessages, pickCliLanguage(config));
  const rows: string[][] = [];
  let failed = 0;
  try {
    for (const facts of sampleAlertFacts(now).filter((f) => !flags.kind || f.kind === flags.kind)) {
      const alert = buildAlert(facts, { language: config.alerts.language, timeZone: config.alerts.timeZone, publicUrl: config.alerts.publicUrl, secrets, now });
      const test = { ...alert, title: `[TEST] ${alert.title}`, text: `[TEST] ${alert.text}`, details: { ...alert.details, test: true } };
      for (const result of await deliverAlert(test, channels, { logger, secrets, timeoutMs: ALERT_TIMEOUT_MS, describe: `the test ${facts.kind} alert` })) {
        if (!result.ok) failed += 1;
        rows.push([facts.kind, result.channel, result.ok ? texts.sent : texts.failed({ error: result.error ?? 'unknown error' })]);
      }
    }
  } finally {
    channels.forEach((channel) => channel.close?.());
    await closeLogger(logger);
  }
  process.stdout.write(`${redactText(formatTable(['KIND', 'CHANNEL', 'RESULT'], rows), secrets)}\n`);
  process.stdout.write(failed === 0
    ? `sent=${rows.length} failed=0${texts.allSent({ language: config.alerts.language })}\n`
    : `sent=${rows.length - failed} failed=${failed}${texts.someFailed}\n`);
  return failed === 0 ? EXIT_OK : EXIT_ERROR;
}

/** `ghl-payments alerts`: the alert channels. */
export function buildAlertsCommand(): Command {
  const alerts = new Command('alerts').description('alerts to the shop owner: email, Slack-compatible and JSON webhooks');
  alerts.command('test')
    .description('send one sample alert of each kind (marked [TEST]) to every configured channel and say which were sent and which failed')
    .option('--kind <kind>', `only this kind: ${ALERT_KINDS.join(', ')}`, parseKind)
    .addHelpText('after', '\nChannels: ALERT_WEBHOOK_URL, ALERT_EMAIL_TO + SMTP_URL, ALERT_JSON_WEBHOOK_URL; language ALERT_LANGUAGE.\n'
      + 'Examples:\n  $ ghl-payments alerts test\n  $ ghl-payments alerts test --kind daily-digest\n\n'
      + 'Exit codes: 0 every alert sent, 1 a channel failed, 2 no channel configured or bad usage.')
    .action(async (flags: { kind?: AlertKind }) => {
      process.exitCode = await runAlertsTest(flags);
    });
  return alerts;
}
