import { Command, InvalidArgumentError } from 'commander';
import type { Config } from '@ghl-payments/core';
import { buildWebhookNotification, notificationUrl, sendMercadoPagoNotification } from '@ghl-payments/sandbox';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';

interface SendTestWebhookFlags {
  status: string;
  url?: string;
  paymentId: string;
  secret?: string;
  notificationId?: string;
}

/** Payment statuses MercadoPago uses. */
const PAYMENT_STATUSES = ['approved', 'pending', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back'];
const NEW_PAYMENT_STATUSES = new Set(['pending', 'authorized', 'in_process']);

/** `ghl-payments send-test-webhook`: posts one correctly signed sample notification to a receiver and prints its answer. */
export function buildSendTestWebhookCommand(): Command {
  return new Command('send-test-webhook')
    .description('POST a sample MercadoPago payment notification, signed with MP_WEBHOOK_SECRET, and print the receiver\'s answer (exit 0 on 200)')
    .option('--status <status>', 'the change the sample announces: pending/in_process/authorized send action payment.created, others payment.updated. '
      + 'Notifications carry only the payment id: the worker reads the real status from MercadoPago', parseStatus, 'approved')
    .option('--url <url>', 'the receiver\'s webhook URL (default http://HOST:PORT/webhooks/mp from the configuration)', parseUrl)
    .option('--payment-id <id>', 'MercadoPago payment id the notification is about (use a real one of your account to see the whole flow)', parsePaymentId, '1234567890')
    .option('--secret <secret>', 'webhook secret to sign with (default MP_WEBHOOK_SECRET; unsigned when neither is set)')
    .option('--notification-id <id>', 'the notification\'s own id; send the same one twice to see the receiver recognise a redelivery')
    .addHelpText('after', '\nExamples:\n  $ ghl-payments send-test-webhook\n  $ ghl-payments send-test-webhook --status pending --payment-id 1320000001\n'
      + '  $ ghl-payments send-test-webhook --url https://pay.example.com/webhooks/mp --secret "$MP_WEBHOOK_SECRET"')
    .action(async (flags: SendTestWebhookFlags) => {
      process.exitCode = await runSendTestWebhook(flags, loadCliConfig());
    });
}

/** Sends the sample notification; resolves to the exit code. */
export async function runSendTestWebhook(flags: SendTestWebhookFlags, config: Config, print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
  const url = flags.url ?? defaultWebhookUrl(config);
  const secret = flags.secret ?? config.mercadopago.webhookSecret;
  const notification = buildWebhookNotification({
    type: 'payment',
    dataId: flags.paymentId,
    notificationId: flags.notificationId,
    action: NEW_PAYMENT_STATUSES.has(flags.status) ? 'payment.created' : 'payment.updated',
    secret,
  });
  const signedWith = flags.secret ? 'signed with --secret' : secret ? 'signed with MP_WEBHOOK_SECRET' : 'unsigned: no MP_WEBHOOK_SECRET or --secret';
  print(`POST ${notificationUrl(url, notification)} (${String(notification.body.action)}, ${signedWith})`);
  try {
    const answer = await sendMercadoPagoNotification(url, notification);
    print(`${answer.status} ${answer.text.trim()}`);
    if (answer.status === 200) return EXIT_OK;
    if (answer.status === 401) print(secret ? explainRefusedSignature() : explainRefusedUnsigned());
    return EXIT_ERROR;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    print(`cannot reach ${url} (${cause}): is the receiver running? (npx ghl-payments runserver)`);
    return EXIT_ERROR;
  }
}

/** The local receiver's webhook URL: a wildcard listen address becomes loopback. */
function defaultWebhookUrl(config: Config): string {
  const host = ['0.0.0.0', '::', ''].includes(config.receiver.host) ? '127.0.0.1' : config.receiver.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.receiver.port}/webhooks/mp`;
}

function parseStatus(value: string): string {
  const status = value.trim().toLowerCase();
  if (!PAYMENT_STATUSES.includes(status)) throw new InvalidArgumentError(`expected one of ${PAYMENT_STATUSES.join(', ')}`);
  return status;
}

function parseUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError('expected an http(s) URL such as http://127.0.0.1:8000/webhooks/mp');
}

function parsePaymentId(value: string): string {
  if (!/^\d{1,20}$/.test(value.trim())) throw new InvalidArgumentError('expected a numeric MercadoPago payment id');
  return value.trim();
}

/** A signed sample refused: the receiver checks another secret. */
function explainRefusedSignature(): string {
  return 'The receiver refused the signature: its MP_WEBHOOK_SECRET is not the secret used here.';
}

/** An unsigned sample refused: nothing was signed here, so no secret can be wrong; the receiver requires a signature. */
function explainRefusedUnsigned(): string {
  return 'The receiver requires a signature and this sample was sent unsigned (no MP_WEBHOOK_SECRET here): '
    + 'sign it with the receiver\'s secret, e.g. --secret "$MP_WEBHOOK_SECRET", or set MP_WEBHOOK_SECRET in this .env too.';
}
