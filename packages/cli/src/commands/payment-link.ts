import { Command } from 'commander';
import { Config, listSecrets, loadAccountsKey, PermanentError, redactText, RetryableError } from '@ghl-payments/core';
import {
  createPaymentLink, describeLinkFailure, parsePaymentLinkRequest, PaymentLinkError, PaymentLinkInputError, paymentLinkNotificationUrl, PaymentLinkRequest,
} from '@ghl-payments/pipeline';
import { createPaymentLinkRuntimes, isRuntimeMissing, parsePaymentLinkQuery, QueryError, toPaymentLinkJson } from '@ghl-payments/receiver';
import { ACCOUNT_SLUG, createAccountDirectory, DEFAULT_ACCOUNT, PaymentLink, PaymentLinkFilter, PageRequest } from '@ghl-payments/store';
import { EXIT_USAGE } from '../exit-codes';
import { formatCliTime, formatTable, oneLine } from '../format-table';
import { loadCliConfig } from '../load-cli-config';
import { CommandContext, CommandError, withDatabase } from '../with-database';

interface CreateFlags {
  contact?: string;
  title?: string;
  amount?: string;
  currency?: string;
  quantity?: string;
  expires?: string;
  externalReference?: string;
  account?: string;
  json?: boolean;
  databaseUrl?: string;
}

interface ListFlags {
  account?: string;
  contact?: string;
  state?: string;
  limit?: string;
  offset?: string;
  json?: boolean;
  databaseUrl?: string;
}

/** The request fields as this command's flags, for messages. */
const FLAGS: Record<string, string> = {
  contactId: '--contact', title: '--title', amount: '--amount', currency: '--currency', quantity: '--quantity', expiresIn: '--expires',
  externalReference: '--external-reference', account: '--account', contact: '--contact', state: '--state', limit: '--limit', offset: '--offset',
};

/** Bad usage found before the database is opened: one line, exit 2, nothing created. */
class UsageError extends Error {}

function usage(field: string, message: string): UsageError {
  return new UsageError(`invalid ${FLAGS[field] ?? field}: ${message.replace(/^invalid [^:]+: /, '')}`);
}

function readAccount(raw: string | undefined): string {
  const slug = raw?.trim();
  if (!slug) return DEFAULT_ACCOUNT;
  if (!ACCOUNT_SLUG.test(slug)) throw usage('account', 'must be an account slug (see ghl-payments accounts list) or default');
  return slug;
}

/** Checks the flags and the setup (PUBLIC_URL) before anything is opened or called. */
function readCreate(flags: CreateFlags, config: Config): { request: PaymentLinkRequest; account: string } {
  const account = readAccount(flags.account);
  let request: PaymentLinkRequest;
  try {
    request = parsePaymentLinkRequest({
      contactId: flags.contact, title: flags.title, amount: flags.amount, currency: flags.currency, quantity: flags.quantity,
      expiresIn: flags.expires, externalReference: flags.externalReference,
    });
  } catch (err) {
    if (err instanceof PaymentLinkInputError) throw usage(err.field, err.message);
    throw err;
  }
  try {
    paymentLinkNotificationUrl(config, account);
  } catch (err) {
    if (err instanceof PaymentLinkError) throw new UsageError(err.message);
    throw err;
  }
  return { request, account };
}

function formatAmount(link: PaymentLink): string {
  const decimals = link.currency === 'CLP' || link.currency === 'COP' ? 0 : 2;
  const unit = `${link.currency} ${link.amount.toFixed(decimals)}`;
  return link.quantity === 1 ? unit : `${unit} × ${link.quantity}`;
}

async function createCommand(ctx: CommandContext, config: Config, request: PaymentLinkRequest, account: string, json: boolean): Promise<void> {
  const runtimes = createPaymentLinkRuntimes({
    store: ctx.store, config, accounts: createAccountDirectory(ctx.store, () => loadAccountsKey(config, { create: false }).box),
  });
  try {
    const runtime = await runtimes.runtimeOf(account);
    if (isRuntimeMissing(runtime)) {
      if (runtime.missing === 'unreadable') throw new CommandError(`account ${account}'s secrets cannot be read: ${runtime.error.message}`);
      throw new CommandError(`no enabled account "${account}": see ghl-payments accounts list`);
    }
    const secrets = [...listSecrets(config), ...runtime.secrets];
    let link: PaymentLink;
    try {
      ({ link } = await createPaymentLink(request, { source: 'cli' }, {
        store: ctx.store, config: runtime.config, clients: runtime.clients, account, now: Date.now,
      }));
    } catch (err) {
      if (err instanceof PaymentLinkError) throw new CommandError(redactText(err.message, secrets));
      if (err instanceof RetryableError || err instanceof PermanentError) throw new CommandError(redactText(describeLinkFailure(err), secrets));
      throw err;
    }
    if (json) {
      ctx.printJson(toPaymentLinkJson(link));
      return;
    }
    ctx.print([
      `created payment link #${link.id}${account === DEFAULT_ACCOUNT ? '' : ` of account ${account}`} for contact ${link.contactId}: ${oneLine(link.title, 80)} (${formatAmount(link)})`,
      `  pay at              ${link.initPoint}`,
      `  external reference  ${link.externalReference}`,
      `  preference          ${link.preferenceId}`,
      `  expires             ${link.expiresAt === null ? 'never' : `${formatCliTime(link.expiresAt)} UTC`}`,
    ].join('\n'));
  } finally {
    runtimes.close();
  }
}

async function listCommand(ctx: CommandContext, filter: PaymentLinkFilter, page: PageRequest, json: boolean): Promise<void> {
  const result = await ctx.store.listPaymentLinks(filter, page, Date.now());
  if (json) {
    ctx.printJson({ data: result.data.map(toPaymentLinkJson), total: result.total, limit: page.limit, offset: page.offset });
    return;
  }
  if (result.data.length === 0) {
    ctx.print(`no payment links match (total ${result.total})`);
    return;
  }
  ctx.print(formatTable(['ID', 'ACCOUNT', 'STATE', 'CONTACT', 'TITLE', 'AMOUNT', 'EXTERNAL REF', 'EXPIRES (UTC)', 'SOURCE'], result.data.map((l) => [
    String(l.id), l.account, l.state, l.contactId, oneLine(l.title, 30), formatAmount(l), oneLine(l.externalReference, 30),
    l.expiresAt === null ? 'never' : formatCliTime(l.expiresAt), l.source,
  ]), [0]));
  ctx.print(`\n${page.offset + 1}–${page.offset + result.data.length} of ${result.total}`);
}

/** Runs `fn`; a usage problem is printed on one line and gives exit 2. */
function orUsage<T>(fn: () => T): T | number {
  try {
    return fn();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ghl-payments: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof QueryError) {
      process.stderr.write(`ghl-payments: ${usage(err.parameter, err.message).message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/** `ghl-payments payment-link create|list`. */
export function buildPaymentLinkCommand(): Command {
  const command = new Command('payment-link')
    .description('MercadoPago payment links for GoHighLevel contacts (docs/payment-links.md): create one, list them with their state');

  command.command('create')
    .description('create a Checkout Pro payment link for a contact; its payment is matched to the contact when it arrives')
    .requiredOption('--contact <id>', 'the GoHighLevel contact id')
    .requiredOption('--title <text>', 'what is being paid for, as the buyer sees it')
    .requiredOption('--amount <n>', 'unit price, e.g. 1500.50 (whole numbers for CLP and COP)')
    .option('--currency <code>', 'ARS, BRL, CLP, MXN, COP, PEN, UYU or USD (default ARS)')
    .option('--quantity <n>', 'how many units (default 1)')
    .option('--expires <duration>', 'the link stops accepting payments after this long, e.g. 72h or 7d (default: never)')
    .option('--external-reference <ref>', 'the payment\'s external reference (default: one is generated)')
    .option('--account <slug>', 'the account (client) whose MercadoPago and GoHighLevel are used (default: the environment\'s)')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .addHelpText('after', '\nNeeds PUBLIC_URL: MercadoPago reports the payment to <PUBLIC_URL>/webhooks/mp (…/webhooks/mp/<slug> for an account).\n\n'
      + 'Example:\n  $ ghl-payments payment-link create --contact c9Xk2 --title "Curso de cocina" --amount 15000 --expires 72h\n\n'
      + 'Exit codes: 0 created, 1 MercadoPago or GoHighLevel refused (nothing kept), 2 bad usage or configuration.')
    .action(async (flags: CreateFlags) => {
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      const read = orUsage(() => readCreate(flags, config));
      if (typeof read === 'number') {
        process.exitCode = read;
        return;
      }
      process.exitCode = await withDatabase(flags, (ctx) => createCommand(ctx, config, read.request, read.account, flags.json === true));
    });

  command.command('list')
    .description('list payment links, newest first, with their state: created, paid or expired')
    .option('--account <slug>', 'only this account\'s (default for the environment\'s shop)')
    .option('--contact <id>', 'only this GoHighLevel contact\'s')
    .option('--state <state>', 'created, paid or expired')
    .option('--limit <n>', 'how many (default 50, at most 500)')
    .option('--offset <n>', 'skip this many')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: ListFlags) => {
      const read = orUsage(() => parsePaymentLinkQuery({ account: flags.account, contact: flags.contact, state: flags.state, limit: flags.limit, offset: flags.offset }));
      if (typeof read === 'number') {
        process.exitCode = read;
        return;
      }
      process.exitCode = await withDatabase(flags, (ctx) => listCommand(ctx, read.filter, read.page, flags.json === true));
    });

  return command;
}
