import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { formatByteSize } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';

/** `ghl-payments backup <file>`: a consistent copy of the SQLite database, safe while everything runs. */
export function buildBackupCommand(): Command {
  return new Command('backup')
    .description('copy the SQLite database to <file> while the receiver and workers keep running (SQLite online backup API), then check the copy')
    .argument('<file>', 'where to write the copy, e.g. backups/ghl-payments-2026-11-30.sqlite3')
    .option('--force', 'replace <file> if it exists')
    .option('--database-url <url>', 'database to copy (DATABASE_URL)')
    .addHelpText('after', '\nExample (cron, nightly):\n  0 3 * * *  cd /opt/ghl-payments && npx ghl-payments backup --force backups/ghl-payments-$(date +\\%a).sqlite3')
    .action(async (file: string, flags: { force?: boolean; databaseUrl?: string }) => {
      process.exitCode = await runBackup(file, flags);
    });
}

/** Runs the backup; resolves to the exit code. */
export async function runBackup(file: string, flags: { force?: boolean; databaseUrl?: string }): Promise<number> {
  const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
  const destination = path.resolve(file);
  if (config.database.client !== 'sqlite') {
    process.stderr.write('ghl-payments: backup copies SQLite databases; back up PostgreSQL with pg_dump (see docs/operations.md)\n');
    return EXIT_ERROR;
  }
  if (!fs.existsSync(config.database.filename)) {
    process.stderr.write(`ghl-payments: no database at ${config.database.filename}\n`);
    return EXIT_ERROR;
  }
  if (path.resolve(config.database.filename) === destination) {
    process.stderr.write('ghl-payments: the backup file is the database itself\n');
    return EXIT_ERROR;
  }
  if (fs.existsSync(destination) && !flags.force) {
    process.stderr.write(`ghl-payments: ${destination} exists; choose another name or add --force to replace it\n`);
    return EXIT_ERROR;
  }
  const store = openStore(config.database);
  try {
    if ((await store.listPendingMigrations()).length > 0) throw new Error(`the database (${store.description}) is not migrated: run \`ghl-payments migrate\` first`);
    const summary = await store.backupTo(destination);
    process.stdout.write(`backup written: ${summary.file} (${formatByteSize(summary.bytes)}, ${summary.events} events, ${summary.payments} payments; integrity ok)\n`);
    return EXIT_OK;
  } catch (err) {
    process.stderr.write(`ghl-payments: backup failed: ${(err as Error).message}\n`);
    return EXIT_ERROR;
  } finally {
    await store.close().catch(() => undefined);
  }
}
