import { closeProcessLoggers } from './create-process-logger';
import { EXIT_INTERRUPTED } from './exit-codes';
import { isSupervised } from './stop-with-parent';

/** A second signal means "now": the log lines already given get this long to be written, not the usual bound. */
const IMMEDIATE_EXIT_LOG_WAIT_MS = 500;

/** The signals that ask a process to stop: Ctrl-C, `kill`, and a closed terminal. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * First SIGINT/SIGTERM/SIGHUP calls `graceful` (stop claiming, finish in-flight work); a second one exits at once,
 * after at most a brief wait for the log lines already given. Run alone, the process says what it is doing; under a
 * supervisor (`start`, the demo) it stays quiet, because the supervisor has already told the operator once for all
 * its children and its Ctrl-C never reaches them.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(graceful: (signal: NodeJS.Signals) => void, write: (line: string) => void = (l) => process.stderr.write(l)): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received === 1) {
      if (!isSupervised()) write(`\n${signal} received: finishing in-flight work (press Ctrl-C again to exit at once)\n`);
      graceful(signal);
    } else {
      write(`${signal} received again: exiting now\n`);
      void closeProcessLoggers(IMMEDIATE_EXIT_LOG_WAIT_MS).finally(() => process.exit(EXIT_INTERRUPTED));
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
