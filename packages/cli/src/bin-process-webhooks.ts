import { buildProcessWebhooksCommand } from './commands/process-webhooks';
import { runCommand } from './run-command';

runCommand(buildProcessWebhooksCommand('process-webhooks'));
