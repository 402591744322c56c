import { Command } from 'commander';
import { openStore } from '@ghl-payments/store';
import { EXIT_ERROR, EXIT_OK } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';

/** `ghl-payments migrate`: brings the database schema up to date (safe to run from several processes at once). */
export function buildMigrateCommand(): Command {
  return new Command('migrate')
    .description('create or upgrade the database tables (the receiver and worker also do this at start)')
    .option('--database-url <url>', 'database to migrate (DATABASE_URL)')
    .action(async (flags: { databaseUrl?: string }) => {
      const config = loadCliConfig({ databaseUrl: flags.databaseUrl });
      const store = openStore(config.database);
      try {
        const applied = await store.migrate();
        process.stdout.write(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : `already up to date (${store.description})\n`);
        process.exitCode = EXIT_OK;
      } catch (err) {
        process.stderr.write(`migrate failed: ${(err as Error).message}\n`);
        process.exitCode = EXIT_ERROR;
      } finally {
        await store.close();
      }
    });
}
