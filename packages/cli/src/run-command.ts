import { Command, CommanderError } from 'commander';
import { closeProcessLoggers } from './create-process-logger';
import { EXIT_ERROR, EXIT_USAGE } from './exit-codes';

/** Exits once the log lines given so far are written (the log file is written asynchronously). */
function exitAfterLogs(code: number): void {
  void closeProcessLoggers().finally(() => process.exit(code));
}

/** Parses argv and runs the command; bad usage exits 2, unexpected errors 1, with one clear line. */
export function runCommand(program: Command, argv: string[] = process.argv): void {
  const applyExit = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(applyExit);
  };
  applyExit(program);
  // `ghl-payments events list | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exitAfterLogs(0);
    else throw err;
  });
  program.parseAsync(argv).catch((err: unknown) => {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') exitAfterLogs(0);
      else exitAfterLogs(EXIT_USAGE);
      return;
    }
    process.stderr.write(`ghl-payments: ${(err as Error).message ?? String(err)}\n`);
    exitAfterLogs(EXIT_ERROR);
  });
}
