import { Command } from 'commander';
import { closeLogger } from '@ghl-payments/core';
import { startReceiver } from '@ghl-payments/receiver';
import { createProcessLogger } from '../create-process-logger';
import { describeListenError } from '../find-port-problem';
import { EXIT_ERROR } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';
import { onShutdownSignal } from '../on-shutdown-signal';
import { parsePositiveInt } from '../parse-flags';

/** `ghl-payments runserver`: the webhook receiver (and operator API) alone. */
export function buildRunserverCommand(): Command {
  return new Command('runserver')
    .description('run the receiver: POST /webhooks/mp stores notifications; the worker processes them')
    .option('--port <port>', 'port to listen on (PORT)', parsePositiveInt)
    .option('--host <host>', 'address to listen on (HOST)')
    .option('--database-url <url>', 'database to use (DATABASE_URL)')
    .action(async (flags: { port?: number; host?: string; databaseUrl?: string }) => {
      const config = loadCliConfig({ port: flags.port, host: flags.host, databaseUrl: flags.databaseUrl });
      const logger = createProcessLogger(config, 'receiver');
      try {
        const receiver = await startReceiver({ config, logger });
        onShutdownSignal(() => {
          receiver.close().then(() => 0, () => EXIT_ERROR).then((code) => closeLogger(logger).finally(() => process.exit(code)));
        });
      } catch (err) {
        // a port in use says which port, whether another ghl-payments holds it and how to pick another
        const listenProblem = await describeListenError((err as NodeJS.ErrnoException).code, config.receiver.host, config.receiver.port);
        logger.error(`receiver failed to start: ${listenProblem ?? (err as Error).message}`);
        process.exitCode = EXIT_ERROR;
      }
    });
}
