import type { Command } from 'commander';

/** The event filter flags of `events list` and `events retry`. */
export interface FilterFlags {
  status?: string;
  type?: string;
  paymentId?: string;
  search?: string;
  since?: string;
  until?: string;
  databaseUrl?: string;
}

/** The filter flags as the API's parameters (the same parser validates both). */
export function filterParams(flags: FilterFlags): Record<string, string | undefined> {
  return { status: flags.status, type: flags.type, payment_id: flags.paymentId, q: flags.search, since: flags.since, until: flags.until };
}

/** True when at least one filter flag is given. */
export function hasFilter(flags: FilterFlags): boolean {
  return Object.values(filterParams(flags)).some((v) => v !== undefined && v !== '');
}

/** Adds the filter flags (and --database-url) to a command. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--status <status>', 'pending, processing, success, failed or ignored (several joined with commas)')
    .option('--type <type>', 'event type (topic), e.g. payment or merchant_order')
    .option('--payment-id <id>', 'MercadoPago payment id')
    .option('-q, --search <text>', 'text in the resource id or dedup key')
    .option('--since <time>', 'received at or after: 2026-11-30, 2026-11-30T14:00Z, or a duration ago such as 2h')
    .option('--until <time>', 'received before (a bare date includes that whole day)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)');
}

