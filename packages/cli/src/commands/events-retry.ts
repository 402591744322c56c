import { parseEventFilter, parseId } from '@ghl-payments/receiver';
import { cliActor } from '../cli-actor';
import { CommandContext, CommandError } from '../with-database';
import { FilterFlags, filterParams } from './event-filter-flags';

/** `events retry <id>` or `events retry --status failed …`: back to pending, due now (with --dry-run: only say so). */
export async function runEventsRetry(ctx: CommandContext, idText: string | undefined, flags: FilterFlags & { dryRun?: boolean }): Promise<void> {
  const now = Date.now();
  if (idText !== undefined) {
    const id = parseId(idText);
    if (flags.dryRun) {
      const event = await ctx.store.getEvent(id);
      if (!event) throw new CommandError(`no event #${id}`);
      const retryable = ['failed', 'ignored', 'pending'].includes(event.status);
      if (!retryable) throw new CommandError(`event #${id} is ${event.status}: only failed, ignored or pending events can be retried`);
      ctx.print(`would retry event #${id} (now ${event.status})`);
      return;
    }
    const result = await ctx.store.retryEvent(id, now);
    if (result.state === 'not-found') throw new CommandError(`no event #${id}`);
    if (result.state === 'conflict') throw new CommandError(`event #${id} is ${result.status}: only failed, ignored or pending events can be retried`);
    await ctx.store.recordAudit({ at: now, actor: cliActor(), action: 'retry', target: `event:${id}` });
    ctx.print(`event #${id} is pending again, due now`);
    return;
  }
  const filter = parseEventFilter(filterParams(flags), now);
  const count = await ctx.store.retryEvents(filter, { now, dryRun: flags.dryRun });
  if (!flags.dryRun) await ctx.store.recordAudit({ at: now, actor: cliActor(), action: 'bulk-retry', target: null, detail: { count, filter: { ...filter } } });
  ctx.print(flags.dryRun ? `would retry ${count} event(s)` : `retried ${count} event(s): pending again, due now`);
}

