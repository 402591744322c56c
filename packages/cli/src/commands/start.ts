import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { openStore } from '@ghl-payments/store';
import { binPath } from '../bin-path';
import { EXIT_ERROR } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';
import { superviseChildren } from '../supervise-children';

/** `ghl-payments start` (what `npm start` runs): the receiver and a `process-webhooks --loop` worker as two processes. */
export function buildStartCommand(): Command {
  return new Command('start')
    .description('run the receiver and a worker (process-webhooks --loop) as two separate processes; Ctrl-C stops both')
    .action(async () => {
      const config = loadCliConfig();
      const store = openStore(config.database);
      try {
        await store.migrate();
      } catch (err) {
        process.stderr.write(`cannot prepare the database (${store.description}): ${(err as Error).message}\n`);
        process.exitCode = EXIT_ERROR;
        return;
      } finally {
        await store.close();
      }
      // Each child gets its own process group, so a terminal Ctrl-C reaches only this supervisor, which forwards
      // exactly one SIGTERM (a second signal would make the children skip their graceful stop).
      const options = { stdio: 'inherit' as const, detached: true };
      const children = [
        spawn(process.execPath, [binPath('ghl-payments'), 'runserver'], options),
        spawn(process.execPath, [binPath('process-webhooks'), '--loop'], options),
      ];
      process.exitCode = await superviseChildren(children).exited;
    });
}
