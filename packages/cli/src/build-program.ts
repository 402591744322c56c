import { Command } from 'commander';
import { buildMigrateCommand } from './commands/migrate';
import { buildProcessWebhooksCommand } from './commands/process-webhooks';
import { buildRunserverCommand } from './commands/runserver';
import { buildStartCommand } from './commands/start';
import { readVersion } from './read-version';

/** The `ghl-payments` command with every subcommand. */
export function buildProgram(): Command {
  return new Command('ghl-payments')
    .description('MercadoPago → GoHighLevel payment notifications: receiver, worker and management commands')
    .version(readVersion(), '-V, --version')
    .addCommand(buildStartCommand())
    .addCommand(buildRunserverCommand())
    .addCommand(buildProcessWebhooksCommand('process-webhooks'))
    .addCommand(buildMigrateCommand());
}
