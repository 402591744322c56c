import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { connectDatabase, migrateLatest } from '@ghl-payments/store';
import { EXIT_ERROR, EXIT_INTERRUPTED } from '../exit-codes';
import { loadCliConfig } from '../load-cli-config';

const BIN_DIR = path.resolve(__dirname, '..', '..', 'bin');

/** `ghl-payments start` (what `npm start` runs): the receiver and a `process-webhooks --loop` worker as two processes. */
export function buildStartCommand(): Command {
  return new Command('start')
    .description('run the receiver and a worker (process-webhooks --loop) as two separate processes; Ctrl-C stops both')
    .action(async () => {
      const config = loadCliConfig();
      const db = connectDatabase(config.database);
      try {
        await migrateLatest(db);
      } catch (err) {
        process.stderr.write(`cannot prepare the database (${db.description}): ${(err as Error).message}\n`);
        process.exitCode = EXIT_ERROR;
        return;
      } finally {
        await db.close();
      }
      // Each child gets its own process group, so a terminal Ctrl-C reaches only this supervisor, which forwards
      // exactly one SIGTERM (a second signal would make the children skip their graceful stop).
      const options = { stdio: 'inherit' as const, detached: true };
      const children = [
        spawn(process.execPath, [path.join(BIN_DIR, 'ghl-payments.js'), 'runserver'], options),
        spawn(process.execPath, [path.join(BIN_DIR, 'process-webhooks.js'), '--loop'], options),
      ];
      process.exitCode = await superviseChildren(children);
    });
}

/** Forwards the first signal to both children, exits when both have; if one dies on its own, stops the other. */
function superviseChildren(children: ChildProcess[]): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let signals = 0;
    let worst = 0;
    let alive = children.length;
    const stopAll = (signal: NodeJS.Signals): void => {
      stopping = true;
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const onSignal = (): void => {
      signals += 1;
      if (signals === 1) stopAll('SIGTERM');
      else {
        stopAll('SIGKILL');
        process.exit(EXIT_INTERRUPTED);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    for (const child of children) {
      child.on('exit', (code, signal) => {
        alive -= 1;
        const failed = (code !== null && code !== 0) || (signal !== null && !stopping);
        if (failed) worst = EXIT_ERROR;
        if (!stopping) {
          process.stderr.write(`a child process stopped unexpectedly (code ${code}, signal ${signal}); stopping the other\n`);
          stopAll('SIGTERM');
        }
        if (alive === 0) {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolve(worst);
        }
      });
    }
  });
}
