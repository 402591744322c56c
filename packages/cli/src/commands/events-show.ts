import type { EventDetail } from '@ghl-payments/store';
import { parseId, toEventDetailJson } from '@ghl-payments/receiver';
import { formatCliTime, formatTable, oneLine } from '../format-table';
import { CommandContext, CommandError } from '../with-database';

/** A readable description of one event with its attempt history. */
export function describeEvent(e: EventDetail): string {
  const lines = [
    `Event #${e.id}  ${e.status}`,
    `  type          ${e.topic}${e.rawType !== e.topic ? ` (${e.rawType})` : ''}${e.action ? `  action ${e.action}` : ''}`,
    `  resource      ${e.resourceId}${e.mpPaymentId ? `  payment ${e.mpPaymentId}` : ''}${e.paymentId !== null ? ` (payments #${e.paymentId})` : ''}`,
    `  source        ${e.source}, signature ${e.signature}`,
    `  dedup key     ${e.dedupKey}`,
    `  request id    ${e.requestId ?? '-'}`,
    `  received      ${formatCliTime(e.receivedAt)} UTC${e.duplicates ? `  (${e.duplicates} duplicate deliveries)` : ''}`,
    `  attempts      ${e.attempts} (${e.failures} counted as failures)`,
  ];
  if (e.status === 'pending') lines.push(`  next retry    ${formatCliTime(e.nextRetryAt)} UTC`);
  if (e.status === 'processing') lines.push(`  worker        ${e.leaseOwner ?? '-'} (lease until ${formatCliTime(e.leaseExpiresAt)} UTC)`);
  if (e.processedAt !== null) lines.push(`  finished      ${formatCliTime(e.processedAt)} UTC`);
  if (e.summary) lines.push(`  summary       ${oneLine(e.summary, 500)}`);
  if (e.lastError) lines.push(`  last error    ${oneLine(e.lastError, 500)}`);
  lines.push('', 'History:');
  if (e.history.length === 0) lines.push('  (not attempted yet)');
  else {
    lines.push(formatTable(['#', 'STARTED (UTC)', 'DURATION', 'OUTCOME', 'ERROR'], e.history.map((a) => [
      String(a.attempt), formatCliTime(a.startedAt), `${a.durationMs} ms`, a.outcome, oneLine(a.error, 70),
    ]), [0, 2]).replace(/^/gm, '  '));
  }
  lines.push('', 'Headers:', ...Object.entries(e.headers).map(([k, v]) => `  ${k}: ${oneLine(v, 200)}`));
  lines.push('', 'Payload:', e.payload ? prettyPayload(e.payload) : '  (empty)');
  return lines.join('\n');
}

function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2).replace(/^/gm, '  ');
  } catch {
    return `  ${payload}`;
  }
}

/** `events show <id>`: one event, readable or as the API's JSON. */
export async function runEventsShow(ctx: CommandContext, idText: string, flags: { json?: boolean }): Promise<void> {
  const id = parseId(idText);
  const event = await ctx.store.getEvent(id);
  if (!event) throw new CommandError(`no event #${id}`);
  if (flags.json) ctx.printJson(toEventDetailJson(event));
  else ctx.print(describeEvent(event));
}

