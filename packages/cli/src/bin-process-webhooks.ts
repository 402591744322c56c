import { buildProcessWebhooksCommand } from './commands/process-webhooks';
import { readVersion } from './read-version';
import { runCommand } from './run-command';

runCommand(buildProcessWebhooksCommand('process-webhooks').version(readVersion(), '-V, --version'));
