import { Command } from 'commander';
import { readBuyerEmail } from '@ghl-payments/store';
import { cliActor } from '../cli-actor';
import { loadCliConfig } from '../load-cli-config';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { summaryMessages } from '../messages/summary-messages';
import { EXIT_USAGE } from '../exit-codes';
import { withDatabase } from '../with-database';

interface ForgetFlags {
  email?: string;
  databaseUrl?: string;
}

/** What an erasure does not reach: said after every `forget` (in English here; the command speaks the user's language). */
export const ERASURE_LIMITS = summaryMessages.en.erasureLimits;

/** `ghl-payments forget --email …`: a buyer's erasure request. */
export function buildForgetCommand(): Command {
  return new Command('forget')
    .description('erase a buyer\'s personal data everywhere this product stores it: payer email and raw data of their payments and\n'
      + 'subscriptions, the stored notifications about them, the cached contact, any text quoting the address (docs/security.md "Erasure").\n'
      + 'Rows, statuses and amounts stay. The audit log records it with counts and the address\'s SHA-256, never the address.')
    .option('--email <address>', 'the buyer\'s email address (any case)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .addHelpText('after', '\nExamples:\n  $ ghl-payments forget --email ana@example.com\n\n'
      + 'Prints payments=… subscriptions=… events=… contacts=… texts=… (0 everywhere when the address is unknown: still recorded).\n'
      + 'On SQLite it ends with VACUUM, which rewrites the database file: run it at a quiet time on a large database.\n\n'
      + 'Exit codes: 0 done, 1 error (database), 2 bad usage (no or invalid --email).')
    .action(async (flags: ForgetFlags) => {
      process.exitCode = await runForget(flags);
    });
}

/** Runs the erasure; resolves to the exit code. */
export async function runForget(flags: ForgetFlags, now: () => number = Date.now): Promise<number> {
  if (flags.email === undefined) {
    process.stderr.write('ghl-payments: give the buyer\'s address: ghl-payments forget --email ana@example.com\n');
    return EXIT_USAGE;
  }
  const email = readBuyerEmail(flags.email);
  if (email === null) {
    process.stderr.write('ghl-payments: invalid --email: give one email address such as ana@example.com\n');
    return EXIT_USAGE;
  }
  const texts = pickMessages(summaryMessages, pickCliLanguage(loadCliConfig({ databaseUrl: flags.databaseUrl })));
  return withDatabase(flags, async (ctx) => {
    const erasure = await ctx.store.forgetEmail({ email, now: now(), actor: cliActor() });
    const c = erasure.counts;
    const total = c.payments + c.subscriptions + c.events + c.contacts + c.texts;
    ctx.print(total === 0 ? texts.forgetNothing({ sha256: erasure.emailSha256 }) : texts.forgetErased({ sha256: erasure.emailSha256 }));
    ctx.print(`payments=${c.payments} subscriptions=${c.subscriptions} events=${c.events} contacts=${c.contacts} texts=${c.texts}`);
    ctx.print(erasure.compacted ? texts.forgetCompacted : texts.forgetNotCompacted);
    ctx.print(texts.erasureLimits.join('\n'));
  });
}
