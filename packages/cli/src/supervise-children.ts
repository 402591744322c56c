import { ChildProcess } from 'node:child_process';
import { EXIT_ERROR, EXIT_INTERRUPTED } from './exit-codes';

/** Child processes run as one unit: stopped together, on a signal or on request. */
export interface Supervisor {
  /** Resolves once every child has exited: 0 when all stopped cleanly, 1 when one failed or died on its own. */
  exited: Promise<number>;
  /** Sends SIGTERM once to every child still running (their graceful stop). */
  stop(): void;
}

/** One long-running child of `start` or the demo: how to (re)spawn it and what to do when it dies on its own. */
export interface ServiceSpec {
  /** Named in the supervisor's messages: `receiver`, `worker`. */
  name: string;
  spawn(): ChildProcess;
  /**
   * true: restarted with back-off when it dies on its own (the others keep running). false: its death stops
   * everything (the receiver: a process manager should see it).
   */
  restart: boolean;
}

/** Restart back-off: `initialMs` doubling up to `maxMs`; back to `initialMs` once a child ran `resetAfterMs`. */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** The wait before the next restart, given the previous wait (0: none yet) and how long the child ran. */
export function nextRestartDelay(previousMs: number, ranMs: number, backoff: RestartBackoff): number {
  if (previousMs === 0 || ranMs >= backoff.resetAfterMs) return backoff.initialMs;
  return Math.min(previousMs * 2, backoff.maxMs);
}

function formatDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** How a child ended, in words: `exited with code 1`, `was killed by SIGKILL` (never "code null, signal …"). */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}

/** The lines a supervisor prints on the first and the second stop signal. */
export interface StopNotices {
  first(signal: string): string;
  again(signal: string): string;
}

const ENGLISH_NOTICES: StopNotices = {
  first: (signal) => `${signal} received: stopping; press Ctrl-C again to stop at once`,
  again: (signal) => `${signal} received again: stopping at once; work in flight is picked up again at the next start`,
};

/** The signals that stop the supervisor: Ctrl-C, `kill`, and a closed terminal (SIGHUP). */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs long-lived children as one service (`ghl-payments start`, the demo): a child marked `restart` that dies on its own is
 * started again after a back-off, each restart logged, while the others keep running (a worker that cannot open the
 * database must not take the receiver down); any other child dying stops them all. The first SIGINT/SIGTERM/SIGHUP
 * (Ctrl-C, kill, a closed terminal) stops every child with one SIGTERM and cancels pending restarts, with one line
 * saying so (`stopping`, e.g. "the worker finishes its in-flight events"); a second kills them, says so and exits 130.
 * Children should be spawned with spawnService (their own process group, so a terminal's Ctrl-C reaches only the
 * supervisor, and an IPC channel, so they stop if the supervisor dies without stopping them).
 */
export function superviseServices(
  specs: readonly ServiceSpec[],
  options: {
    write?: (text: string) => void; backoff?: RestartBackoff; now?: () => number;
    /** The two stop notices, in the user's language (default: English, saying nothing of what stopping does). */
    notices?: StopNotices;
  } = {},
): Supervisor {
  const write = options.write ?? ((t: string) => { process.stderr.write(t); });
  const notices = options.notices ?? ENGLISH_NOTICES;
  const backoff = options.backoff ?? DEFAULT_RESTART_BACKOFF;
  const now = options.now ?? Date.now;
  const running = new Map<ServiceSpec, ChildProcess>();
  const timers = new Map<ServiceSpec, NodeJS.Timeout>();
  const lastDelay = new Map<ServiceSpec, number>();
  let stopping = false;
  let signals = 0;
  let worst = 0;
  let resolveExited: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => { resolveExited = resolve; });

  const finishIfDone = (): void => {
    if (!stopping || running.size > 0 || timers.size > 0) return;
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    resolveExited(worst);
  };
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    for (const child of running.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    finishIfDone();
  };
  function onSignal(signal: NodeJS.Signals): void {
    signals += 1;
    if (signals === 1) {
      write(`\n${notices.first(signal)}\n`);
      stopAll('SIGTERM');
    } else {
      write(`${notices.again(signal)}\n`);
      stopAll('SIGKILL');
      process.exit(EXIT_INTERRUPTED);
    }
  }

  const start = (spec: ServiceSpec): void => {
    const startedAt = now();
    const child = spec.spawn();
    running.set(spec, child);
    let gone = false;
    const onGone = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (gone) return;
      gone = true;
      running.delete(spec);
      if (stopping) {
        if (code !== null && code !== 0) worst = EXIT_ERROR;
        finishIfDone();
        return;
      }
      const how = describeExit(code, signal);
      if (!spec.restart) {
        worst = EXIT_ERROR;
        write(`the ${spec.name} stopped unexpectedly (${how}); stopping the others\n`);
        stopAll('SIGTERM');
        return;
      }
      const delay = nextRestartDelay(lastDelay.get(spec) ?? 0, now() - startedAt, backoff);
      lastDelay.set(spec, delay);
      write(`the ${spec.name} stopped unexpectedly (${how}); restarting it in ${formatDelay(delay)}\n`);
      timers.set(spec, setTimeout(() => {
        timers.delete(spec);
        if (stopping) return;
        write(`restarting the ${spec.name}\n`);
        start(spec);
      }, delay));
    };
    child.on('exit', onGone);
    child.on('error', (err) => {
      write(`could not run the ${spec.name}: ${err.message}\n`);
      if (child.pid === undefined) onGone(null, null); // never started: no 'exit' will follow
    });
  };

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  for (const spec of specs) start(spec);
  return {
    exited,
    stop() {
      if (!stopping) stopAll('SIGTERM');
    },
  };
}
