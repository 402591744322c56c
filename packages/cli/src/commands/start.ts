import path from 'node:path';
import { Command } from 'commander';
import { Config, formatDuration, listSecrets, LOG_FILE_NAME, PROJECT_ROOT, redactText } from '@ghl-payments/core';
import { openStore } from '@ghl-payments/store';
import { findPortProblem } from '../find-port-problem';
import { EXIT_ERROR } from '../exit-codes';
import { findCredentialWarnings } from '../find-credential-warnings';
import { loadCliConfig } from '../load-cli-config';
import { pickMessages } from '../messages/define-messages';
import { pickCliLanguage } from '../messages/pick-cli-language';
import { startMessages } from '../messages/start-messages';
import { parsePositiveInt } from '../parse-flags';
import { spawnService } from '../spawn-service';
import { superviseServices } from '../supervise-children';

interface StartFlags {
  port?: number;
  host?: string;
}

/**
 * `ghl-payments start` (what `npm start` and the systemd unit run): the receiver and a `process-webhooks --loop`
 * worker as two processes. A database that is not available at boot does not stop it: the receiver comes up and
 * answers 503 until it is, and a worker that exits (e.g. it cannot open the database) is restarted with back-off
 * while the receiver keeps running. A port already in use stops it at once, saying which port, whether another
 * ghl-payments holds it and how to pick another.
 */
export function buildStartCommand(): Command {
  return new Command('start')
    .description('run the receiver and a worker (process-webhooks --loop) as two separate processes; the worker is restarted '
      + 'with back-off if it stops; Ctrl-C (or closing the terminal) stops both')
    .option('--port <port>', 'port the receiver listens on (PORT)', parsePositiveInt)
    .option('--host <host>', 'address the receiver listens on (HOST)')
    .addHelpText('after', '\nExamples:\n  $ npm start\n  $ npm start -- --port 9001\n  $ PORT=9001 npm start')
    .action(async (flags: StartFlags) => {
      const config = loadCliConfig({ port: flags.port, host: flags.host });
      const { port, host } = config.receiver;
      const portProblem = await findPortProblem(host, port);
      if (portProblem) {
        process.stderr.write(`ghl-payments: ${portProblem}\n`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      for (const warning of findCredentialWarnings(config)) process.stderr.write(`warning: ${warning}\n`);
      const texts = pickMessages(startMessages, pickCliLanguage(config));
      await prepareDatabase(config, texts);
      process.stdout.write(formatBanner(config, texts));
      const receiverArgs = ['runserver', '--port', String(port), '--host', host];
      const supervisor = superviseServices([
        { name: 'receiver', restart: false, spawn: () => spawnService('ghl-payments', receiverArgs, { output: 'inherit' }) },
        { name: 'worker', restart: true, spawn: () => spawnService('process-webhooks', ['--loop'], { output: 'inherit' }) },
      ], {
        notices: {
          first: (signal) => texts.stopFirst({ signal, grace: formatDuration(config.worker.graceMs) }),
          again: (signal) => texts.stopAgain({ signal }),
        },
      });
      process.exitCode = await supervisor.exited;
    });
}

/**
 * Applies the migrations once before the children start, so they do not race for them. Failing here is not fatal:
 * the receiver keeps retrying the migrations (503 meanwhile) and the worker waits or is restarted.
 */
async function prepareDatabase(config: Config, texts: typeof startMessages.en): Promise<void> {
  let store: ReturnType<typeof openStore> | undefined;
  try {
    store = openStore(config.database);
    await store.migrate();
  } catch (err) {
    // a SQLite path that cannot be used will not fix itself: say why and stop instead of restarting the worker forever
    if ((err as Error)?.name === 'SqlitePathError') throw err;
    const where = store ? ` (${store.description})` : '';
    process.stderr.write(`${texts.databaseNotReady({ where, cause: redactText(firstLine(err), listSecrets(config)) })}\n`);
  } finally {
    await store?.close().catch(() => undefined);
  }
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}

/**
 * What `start` runs and where to look, in the user's language: the receiver's address, the URL MercadoPago notifies
 * (PUBLIC_URL's when set), the dashboard and the log file.
 */
function formatBanner(config: Config, texts: typeof startMessages.en): string {
  const { host, port } = config.receiver;
  const local = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  const logFile = path.join(config.log.dir, LOG_FILE_NAME);
  const relative = path.relative(PROJECT_ROOT, logFile);
  const rows: Array<[string, string]> = [
    [texts.notificationsLabel, `${config.alerts.publicUrl ?? local}/webhooks/mp`],
    [texts.dashboardLabel, `${local}/admin`],
    [texts.logsLabel, texts.logsWhere({ file: relative.startsWith('..') || path.isAbsolute(relative) ? logFile : relative })],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [texts.starting({ url: local }), ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`), `  ${texts.stopHint}`, ''].join('\n');
}
