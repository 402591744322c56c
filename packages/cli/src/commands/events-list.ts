import type { CommandContext } from '../with-database';
import type { EventListItem } from '@ghl-payments/store';
import { parseEventQuery, toEventJson } from '@ghl-payments/receiver';
import { formatCliTime, formatTable, oneLine } from '../format-table';
import { FilterFlags, filterParams } from './event-filter-flags';

/** Table rows for events. */
function eventRows(events: EventListItem[], now: number): string[][] {
  return events.map((e) => [
    String(e.id), formatCliTime(e.receivedAt), e.topic, e.resourceId, e.status, String(e.attempts),
    e.status === 'pending' ? (e.nextRetryAt <= now ? 'due now' : formatCliTime(e.nextRetryAt)) : '-',
    oneLine(e.lastError, 50),
  ]);
}

/** `events list`: a table (or the API's JSON) of one page of events. */
export async function runEventsList(ctx: CommandContext, flags: FilterFlags & { limit?: string; offset?: string; json?: boolean }): Promise<void> {
  const now = Date.now();
  const { filter, page } = parseEventQuery({ ...filterParams(flags), limit: flags.limit, offset: flags.offset }, now);
  const result = await ctx.store.listEvents(filter, page);
  if (flags.json) {
    ctx.printJson({ data: result.data.map(toEventJson), total: result.total, limit: page.limit, offset: page.offset });
    return;
  }
  if (result.data.length === 0) {
    ctx.print(`no events match (total ${result.total})`);
    return;
  }
  ctx.print(formatTable(['ID', 'RECEIVED (UTC)', 'TYPE', 'RESOURCE', 'STATUS', 'ATTEMPTS', 'NEXT RETRY', 'LAST ERROR'], eventRows(result.data, now), [0, 5]));
  ctx.print(`\n${page.offset + 1}–${page.offset + result.data.length} of ${result.total}${page.offset + result.data.length < result.total ? ` (next page: --offset ${page.offset + page.limit})` : ''}`);
}

