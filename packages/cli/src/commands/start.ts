import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { Config, listSecrets, redactText } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { binPath } from '../bin-path';
import { loadCliConfig } from '../load-cli-config';
import { superviseServices } from '../supervise-children';

/**
 * `ghl-payments start` (what `npm start` and the systemd unit run): the receiver and a `process-webhooks --loop`
 * worker as two processes. A database that is not available at boot does not stop it: the receiver comes up and
 * answers 503 until it is, and a worker that exits (e.g. it cannot open the database) is restarted with back-off
 * while the receiver keeps running.
 */
export function buildStartCommand(): Command {
  return new Command('start')
    .description('run the receiver and a worker (process-webhooks --loop) as two separate processes; the worker is restarted '
      + 'with back-off if it stops; Ctrl-C stops both')
    .action(async () => {
      const config = loadCliConfig();
      await prepareDatabase(config);
      // Each child gets its own process group, so a terminal Ctrl-C reaches only this supervisor, which forwards
      // exactly one SIGTERM (a second signal would make the children skip their graceful stop).
      const options = { stdio: 'inherit' as const, detached: true };
      const supervisor = superviseServices([
        { name: 'receiver', restart: false, spawn: () => spawn(process.execPath, [binPath('ghl-payments'), 'runserver'], options) },
        { name: 'worker', restart: true, spawn: () => spawn(process.execPath, [binPath('process-webhooks'), '--loop'], options) },
      ]);
      process.exitCode = await supervisor.exited;
    });
}

/**
 * Applies the migrations once before the children start, so they do not race for them. Failing here is not fatal:
 * the receiver keeps retrying the migrations (503 meanwhile) and the worker waits or is restarted.
 */
async function prepareDatabase(config: Config): Promise<void> {
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore(config.database);
    await store.migrate();
  } catch (err) {
    const where = store ? ` (${store.description})` : '';
    process.stderr.write(`cannot prepare the database${where} yet: ${redactText(firstLine(err), listSecrets(config))}; starting anyway: `
      + 'the receiver answers 503 until the database is ready, the worker is restarted until it can use it\n');
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
