import { Command } from 'commander';
import { parseDuration } from '@ghl-payments/core';
import { cliActor } from '../cli-actor';
import { EXIT_USAGE } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { summaryMessages } from '../messages/summary-messages';
import { withDatabase } from '../with-database';

interface PurgeFlags {
  dryRun?: boolean;
  olderThan?: string;
  databaseUrl?: string;
}

const DAY_MS = 86_400_000;
const MIN_AGE_MS = 3_600_000;

/** `--older-than`: a duration (`180d`, `36h`) or a number of days (`180`); at least an hour. Throws a one-line message. */
export function parseOlderThan(raw: string): number {
  const text = raw.trim();
  let ms: number;
  try {
    ms = /^\d+$/.test(text) ? Number(text) * DAY_MS : parseDuration(text);
  } catch {
    throw new Error(`invalid --older-than: "${raw}" is not a number of days (180) or a duration (180d, 36h)`);
  }
  if (!Number.isFinite(ms) || ms < MIN_AGE_MS) throw new Error(`invalid --older-than: "${raw}" is less than an hour; give e.g. 180d`);
  return ms;
}

/** An age in whole days when it is one (`180 days`), else in hours (`36 hours`). */
function splitAge(ms: number): { days: number | null; hours: number } {
  return { days: ms % DAY_MS === 0 ? ms / DAY_MS : null, hours: Math.round(ms / 3_600_000) };
}

/** `ghl-payments purge`: retention by hand (the worker does it once a day). */
export function buildPurgeCommand(): Command {
  return new Command('purge')
    .description('remove the personal data of finished events and payments older than RETENTION_DAYS (or --older-than): the stored\n'
      + 'notifications (payload, headers, query) of success/ignored/failed events, and the raw MercadoPago JSON and payer email of payments.\n'
      + 'Rows, statuses, amounts and the audit log stay. A worker does this once a day; prints events=… payments=… (docs/security.md)')
    .option('--dry-run', 'count what would be cleared; change nothing')
    .option('--older-than <age>', 'age limit: a number of days or a duration such as 180d or 36h (default RETENTION_DAYS)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .addHelpText('after', '\nExamples:\n  $ ghl-payments purge --dry-run\n  $ ghl-payments purge\n  $ ghl-payments purge --older-than 90d\n\n'
      + 'Exit codes: 0 done, 1 error (database), 2 bad usage (RETENTION_DAYS=off without --older-than, a bad --older-than).')
    .action(async (flags: PurgeFlags) => {
      process.exitCode = await runPurge(flags);
    });
}

/** Runs the purge; resolves to the exit code. */
export async function runPurge(flags: PurgeFlags, now: () => number = Date.now): Promise<number> {
  const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
  let maxAgeMs: number | null;
  try {
    maxAgeMs = flags.olderThan === undefined ? config.retention.maxAgeMs : parseOlderThan(flags.olderThan);
  } catch (err) {
    process.stderr.write(`ghl-payments: ${(err as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (maxAgeMs === null) {
    process.stderr.write('ghl-payments: RETENTION_DAYS is off: nothing is purged unless you say how old, e.g. `ghl-payments purge --older-than 180d`\n');
    return EXIT_USAGE;
  }
  const age = maxAgeMs;
  return withDatabase(flags, async (ctx) => {
    const at = now();
    const before = at - age;
    const counts = await ctx.store.purgeExpiredData({ before, now: at, dryRun: flags.dryRun, actor: cliActor() });
    const texts = pickMessages(summaryMessages, pickCliLanguage(config));
    const limit = texts.purgeLimit({ ...splitAge(age), before: new Date(before).toISOString() });
    if (flags.dryRun) {
      ctx.print(texts.purgeDryRun({ limit }));
      ctx.print(`events=${counts.events} payments=${counts.payments}`);
      return;
    }
    ctx.print(texts.purgeDone({ limit }));
    ctx.print(`events=${counts.events} payments=${counts.payments} texts=${counts.texts}`);
  });
}
