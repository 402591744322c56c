import { ChildProcess } from 'node:child_process';
import { EXIT_ERROR, EXIT_INTERRUPTED } from './exit-codes';

/** Child processes run as one unit: stopped together, on a signal or on request. */
export interface Supervisor {
  /** Resolves once every child has exited: 0 when all stopped cleanly, 1 when one failed or died on its own. */
  exited: Promise<number>;
  /** Sends SIGTERM once to every child still running (their graceful stop). */
  stop(): void;
}

/**
 * Forwards the first SIGINT/SIGTERM to the children as one SIGTERM (a second signal kills them and exits 130);
 * if one child dies on its own, stops the others. The children should be spawned `detached` (their own process
 * group), so a terminal's Ctrl-C reaches only the supervisor.
 */
export function superviseChildren(children: ChildProcess[], write: (text: string) => void = (t) => process.stderr.write(t)): Supervisor {
  let stopping = false;
  let signals = 0;
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
  const exited = new Promise<number>((resolve) => {
    let worst = 0;
    let alive = children.length;
    for (const child of children) {
      child.on('exit', (code, signal) => {
        alive -= 1;
        const failed = (code !== null && code !== 0) || (signal !== null && !stopping);
        if (failed) worst = EXIT_ERROR;
        if (!stopping) {
          write(`a child process stopped unexpectedly (code ${code}, signal ${signal}); stopping the other${children.length > 2 ? 's' : ''}\n`);
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
  return {
    exited,
    stop() {
      if (!stopping) stopAll('SIGTERM');
    },
  };
}
