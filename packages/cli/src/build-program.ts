import { Command } from 'commander';
import { buildAccountsCommand } from './commands/accounts';
import { buildAlertsCommand } from './commands/alerts';
import { buildBackupCommand } from './commands/backup';
import { buildDemoCommand } from './commands/demo';
import { buildDoctorCommand } from './commands/doctor';
import { buildEventsCommand } from './commands/events';
import { buildForgetCommand } from './commands/forget';
import { buildPurgeCommand } from './commands/purge';
import { buildMigrateCommand } from './commands/migrate';
import { buildPaymentsCommand } from './commands/payments';
import { buildPaymentLinkCommand } from './commands/payment-link';
import { buildRulesCommand } from './commands/rules';
import { buildProcessWebhooksCommand } from './commands/process-webhooks';
import { buildReconcileCommand } from './commands/reconcile';
import { buildRunserverCommand } from './commands/runserver';
import { buildSendTestWebhookCommand } from './commands/send-test-webhook';
import { buildSignInLinkCommand } from './commands/sign-in-link';
import { buildStatsCommand } from './commands/stats';
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
    .addCommand(buildMigrateCommand())
    .addCommand(buildDemoCommand())
    .addCommand(buildDoctorCommand())
    .addCommand(buildSendTestWebhookCommand())
    .addCommand(buildSignInLinkCommand())
    .addCommand(buildBackupCommand())
    .addCommand(buildEventsCommand())
    .addCommand(buildStatsCommand())
    .addCommand(buildPaymentsCommand())
    .addCommand(buildPaymentLinkCommand())
    .addCommand(buildRulesCommand())
    .addCommand(buildReconcileCommand())
    .addCommand(buildAlertsCommand())
    .addCommand(buildAccountsCommand())
    .addCommand(buildPurgeCommand())
    .addCommand(buildForgetCommand());
}
