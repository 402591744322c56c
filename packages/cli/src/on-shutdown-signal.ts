import { closeProcessLoggers } from './create-process-logger';
import { EXIT_INTERRUPTED } from './exit-codes';

/** A second signal means "now": the log lines already given get this long to be written, not the usual bound. */
const IMMEDIATE_EXIT_LOG_WAIT_MS = 500;

/**
 * First SIGINT/SIGTERM calls `graceful` (stop claiming, finish in-flight work); a second one exits at once, after at
 * most a brief wait for the log lines already given.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(graceful: (signal: NodeJS.Signals) => void, write: (line: string) => void = (l) => process.stderr.write(l)): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received === 1) {
      write(`\n${signal} received: finishing in-flight work (press Ctrl-C again to exit at once)\n`);
      graceful(signal);
    } else {
      write(`${signal} received again: exiting now\n`);
      void closeProcessLoggers(IMMEDIATE_EXIT_LOG_WAIT_MS).finally(() => process.exit(EXIT_INTERRUPTED));
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
