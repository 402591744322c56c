import { listSecrets, redactText } from '@ghl-payments/core';
import { openStore, Store } from '@ghl-payments/store';
import { QueryError } from '@ghl-payments/receiver';
import { EXIT_ERROR, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { loadCliConfig } from './load-cli-config';
import { findMissingDatabase } from './find-missing-database';

/** How the API's parameter names read as command-line flags, for error messages. */
const FLAG_NAMES: Record<string, string> = {
  status: '--status', type: '--type', payment_id: '--payment-id', q: '--search', since: '--since', until: '--until',
  limit: '--limit', offset: '--offset', external_reference: '--external-reference', email: '--email', id: '<id>',
};

/** An error that ends a command with a message and exit code 1 (e.g. "no such event"). */
export class CommandError extends Error {}

/** What a management command works with: the store and an output that scrubs known secrets. */
export interface CommandContext {
  store: Store;
  /** Writes a line (a newline is added) to standard output, secrets redacted. */
  print(text: string): void;
  /** Writes a value as indented JSON, secrets redacted. */
  printJson(value: unknown): void;
}

/**
 * Runs a management command against the configured database: connects, checks the schema is migrated, runs `fn`,
 * closes. Resolves to the exit code: 0 ok, 1 error, 2 bad usage (an invalid filter or id).
 */
export async function withDatabase(flags: { databaseUrl?: string }, fn: (ctx: CommandContext) => Promise<void>): Promise<number> {
  const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
  const missing = findMissingDatabase(config.database);
  if (missing) {
    process.stderr.write(`ghl-payments: ${missing}\n`);
    return EXIT_ERROR;
  }
  const store = openStore(config.database);
  try {
    const pending = await store.listPendingMigrations();
    if (pending.length > 0) throw new CommandError(`the database (${store.description}) is not migrated: run \`ghl-payments migrate\` first`);
    const secrets = listSecrets(config);
    const print = (text: string) => { process.stdout.write(`${redactText(text, secrets)}\n`); };
    await fn({ store, print, printJson: (value) => print(JSON.stringify(value, null, 2)) });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof QueryError) {
      process.stderr.write(`ghl-payments: invalid ${FLAG_NAMES[err.parameter] ?? err.parameter}: ${err.message.replace(/^invalid [^:]+: /, '')}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`ghl-payments: ${(err as Error).message ?? String(err)}\n`);
    return EXIT_ERROR;
  } finally {
    await store.close().catch(() => undefined);
  }
}
