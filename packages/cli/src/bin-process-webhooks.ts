import { buildProcessWebhooksCommand } from './commands/process-webhooks';
import { readVersion } from './read-version';
import { runCommand } from './run-command';
import { stopWithParent } from './stop-with-parent';

stopWithParent();
runCommand(buildProcessWebhooksCommand('process-webhooks').version(readVersion(), '-V, --version'));
