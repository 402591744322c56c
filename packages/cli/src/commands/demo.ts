import { Command } from 'commander';
import { parseDuration, resolveFromRoot } from '@ghl-payments/core';
import { runDemo } from '../demo/run-demo';
import { pickLanguageWithoutConfig } from '../messages/pick-cli-language';
import { parseDurationFlag, parsePositiveInt } from '../parse-flags';

interface DemoFlags {
  exitWhenDone?: boolean;
  port?: number;
  databaseUrl?: string;
  dataDir: string;
  timeout: string;
  verbose?: boolean;
}

/** `ghl-payments demo` (what `npm run demo` runs): the whole flow against sandbox MercadoPago and GoHighLevel servers. */
export function buildDemoCommand(): Command {
  return new Command('demo')
    .description('try the whole product without accounts: sandbox MercadoPago and GoHighLevel servers on this machine, the receiver '
      + 'and a worker as two processes, a realistic mix of signed notifications with live progress; then everything keeps running '
      + 'for you to explore (dashboard link printed) until Ctrl-C')
    .option('--exit-when-done', 'stop everything once every event reached a final state; exit 0 when each ended as planned (tests, CI)')
    .option('--port <port>', 'port of the demo\'s receiver (default: any free port)', parsePositiveInt)
    .option('--data-dir <dir>', 'folder of the demo\'s database (recreated on every run) and logs', 'data/demo')
    .option('--database-url <url>', 'use this database instead of <data-dir>/demo.sqlite3 (e.g. an empty PostgreSQL database)')
    .option('--timeout <duration>', 'how long the events may take to reach a final state', parseDurationFlag, '2m')
    .option('--verbose', 'also show the receiver\'s and worker\'s own log lines')
    .addHelpText('after', '\nExamples:\n  $ npm run demo\n  $ npx ghl-payments demo --exit-when-done')
    .action(async (flags: DemoFlags) => {
      process.exitCode = await runDemo({
        exitWhenDone: Boolean(flags.exitWhenDone),
        port: flags.port,
        databaseUrl: flags.databaseUrl,
        dataDir: resolveFromRoot(flags.dataDir),
        timeoutMs: parseDuration(flags.timeout),
        verbose: Boolean(flags.verbose),
        out: process.stdout,
        language: pickLanguageWithoutConfig(),
      });
    });
}
