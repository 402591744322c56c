import { Command } from 'commander';
import { EXIT_USAGE } from '../exit-codes';
import { withDatabase } from '../with-database';
import { addFilterOptions, FilterFlags, hasFilter } from './event-filter-flags';
import { runEventsList } from './events-list';
import { runEventsRetry } from './events-retry';
import { runEventsShow } from './events-show';

/** `ghl-payments events list|show|retry`: look at and repair the queue without SQL. */
export function buildEventsCommand(): Command {
  const events = new Command('events').description('list, inspect and retry webhook events');

  addFilterOptions(events.command('list').description('list events, newest first'))
    .option('--limit <n>', 'how many (default 50, at most 500)')
    .option('--offset <n>', 'skip this many')
    .option('--json', 'print JSON (the API\'s format)')
    .action(async (flags) => { process.exitCode = await withDatabase(flags, (ctx) => runEventsList(ctx, flags)); });

  events.command('show').description('one event with its payload, headers and attempt history')
    .argument('<id>', 'event id')
    .option('--json', 'print JSON (the API\'s format)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (id: string, flags) => { process.exitCode = await withDatabase(flags, (ctx) => runEventsShow(ctx, id, flags)); });

  addFilterOptions(events.command('retry').description('send one event (by id) or every failed/ignored event matching the filters back to pending, due now'))
    .argument('[id]', 'event id')
    .option('--dry-run', 'only say what would be retried')
    .addHelpText('after', '\nExamples:\n  $ ghl-payments events retry 42\n  $ ghl-payments events retry --status failed --dry-run\n  $ ghl-payments events retry --status failed --since 1d')
    .action(async (id: string | undefined, flags: FilterFlags & { dryRun?: boolean }) => {
      if ((id === undefined) === !hasFilter(flags)) {
        process.stderr.write('ghl-payments: give either an event id or filters (e.g. --status failed), not both and not neither\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = await withDatabase(flags, (ctx) => runEventsRetry(ctx, id, flags));
    });

  return events;
}
