import { Command } from 'commander';
import { describeRecordedAction } from '@ghl-payments/store';
import { parseId, parsePaymentQuery, toPaymentDetailJson, toPaymentJson } from '@ghl-payments/receiver';
import { formatCliTime, formatTable, oneLine } from '../format-table';
import { CommandContext, CommandError, withDatabase } from '../with-database';

interface ListFlags {
  status?: string;
  externalReference?: string;
  email?: string;
  limit?: string;
  offset?: string;
  json?: boolean;
  databaseUrl?: string;
}

function amount(value: number | null, currency: string | null): string {
  return value === null ? '-' : `${value.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

async function listCommand(ctx: CommandContext, flags: ListFlags): Promise<void> {
  const { filter, page } = parsePaymentQuery({
    status: flags.status, external_reference: flags.externalReference, email: flags.email, limit: flags.limit, offset: flags.offset,
  });
  const result = await ctx.store.listPayments(filter, page);
  if (flags.json) {
    ctx.printJson({ data: result.data.map(toPaymentJson), total: result.total, limit: page.limit, offset: page.offset });
    return;
  }
  if (result.data.length === 0) {
    ctx.print(`no payments match (total ${result.total})`);
    return;
  }
  ctx.print(formatTable(['ID', 'MP PAYMENT', 'STATUS', 'AMOUNT', 'PAYER', 'EXTERNAL REF', 'GHL CONTACT', 'UPDATED (UTC)'], result.data.map((p) => [
    String(p.id), p.mpPaymentId ?? '(expected)', p.status ?? '-', amount(p.amount, p.currency), oneLine(p.payerEmail, 40),
    oneLine(p.externalReference, 30), p.ghlContactId ?? '-', formatCliTime(p.updatedAt),
  ]), [0, 3]));
  ctx.print(`\n${page.offset + 1}–${page.offset + result.data.length} of ${result.total}`);
}

async function showCommand(ctx: CommandContext, idText: string, flags: { json?: boolean }): Promise<void> {
  const id = parseId(idText);
  const p = await ctx.store.getPayment(id);
  if (!p) throw new CommandError(`no payment #${id}`);
  if (flags.json) {
    ctx.printJson(toPaymentDetailJson(p));
    return;
  }
  ctx.print([
    `Payment #${p.id}  ${p.status ?? 'expected'}${p.statusDetail ? ` (${p.statusDetail})` : ''}`,
    `  MercadoPago id      ${p.mpPaymentId ?? '(not reported yet)'}`,
    `  amount              ${amount(p.amount, p.currency)}`,
    `  payer               ${p.payerEmail ?? '-'}`,
    `  external reference  ${p.externalReference ?? '-'}`,
    `  GHL contact         ${p.ghlContactId ?? '-'}`,
    '',
    'Status changes:',
    ...(p.statusChanges.length === 0 ? ['  (none recorded)'] : p.statusChanges.map((c) => `  ${formatCliTime(c.changedAt)}  ${c.previousStatus ?? '-'} → ${c.status} (round ${c.round})${c.eventId ? `  event #${c.eventId}` : ''}`)),
    '',
    'Rule actions:',
    ...(p.actions.length === 0 ? ['  (none)'] : p.actions.map((a) => `  ${a.status}#${a.round}  ${a.rule}: ${describeRecordedAction(a)} → ${a.contactId} (${a.state}${a.appliedAt ? ` ${formatCliTime(a.appliedAt)} UTC` : ''})`)),
    '',
    'Events:',
    ...(p.events.length === 0 ? ['  (none)'] : p.events.map((e) => `  #${e.id}  ${formatCliTime(e.receivedAt)}  ${e.topic}  ${e.status}`)),
  ].join('\n'));
}

/** `ghl-payments payments list|show`. */
export function buildPaymentsCommand(): Command {
  const payments = new Command('payments').description('list and inspect payments');
  payments.command('list').description('list payments, newest first')
    .option('--status <status>', 'MercadoPago status, e.g. approved')
    .option('--external-reference <ref>', 'external reference (exact)')
    .option('--email <email>', 'payer email (exact, any case)')
    .option('--limit <n>', 'how many (default 50, at most 500)')
    .option('--offset <n>', 'skip this many')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: ListFlags) => { process.exitCode = await withDatabase(flags, (ctx) => listCommand(ctx, flags)); });
  payments.command('show').description('one payment with its tags and events')
    .argument('<id>', 'payment id (as listed)')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (id: string, flags: { json?: boolean; databaseUrl?: string }) => {
      process.exitCode = await withDatabase(flags, (ctx) => showCommand(ctx, id, flags));
    });
  return payments;
}
