import { Worker } from 'node:worker_threads';

/** How often the background thread copies the WAL into the database file. */
export const CHECKPOINT_INTERVAL_MS = 200;

export interface WalCheckpointer {
  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void>;
}

export interface WalCheckpointerOptions {
  filename: string;
  intervalMs?: number;
  /** The thread could not start or died: the caller turns SQLite's own (inline) checkpoints back on. */
  onFailure(error: Error): void;
}

/**
 * The thread's code, plain JavaScript so it runs the same under node, tsx and jest: its own better-sqlite3
 * connection to the same file, a PASSIVE checkpoint every interval (never blocks a writer or reader; copies what it
 * can, the rest next time). A checkpoint that finds another one running (the other process's thread) just skips.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { if (!/busy|locked/i.test(String(err && err.code) + String(err && err.message))) throw err; }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/**
 * Starts the background checkpointer of one SQLite file. With `wal_autocheckpoint = 0` on the process's own
 * connection, SQLite no longer checkpoints inside a commit — a 5–10 ms stall of the event loop every ~1,000 WAL
 * pages (docs/benchmarks.md) — and this thread does the copying and the fsync instead. The thread is unref'd: it never
 * keeps the process alive, and a process that exits without stop() leaves a WAL that SQLite replays on the next open.
 */
export function startWalCheckpointer(options: WalCheckpointerOptions): WalCheckpointer {
  let failed = false;
  let stopping = false;
  const fail = (error: Error): void => {
    if (failed || stopping) return;
    failed = true;
    options.onFailure(error);
  };
  const thread = new Worker(THREAD_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), filename: options.filename, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
    // a few MB is plenty for a loop that runs one pragma
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
  });
  thread.unref();
  const exited = new Promise<void>((resolve) => {
    thread.once('exit', (code) => {
      if (code !== 0) fail(new Error(`the WAL checkpoint thread exited with code ${code}`));
      resolve();
    });
  });
  thread.on('error', (err) => fail(err));
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      thread.ref(); // the process now waits for the last checkpoint (at most 5 s)
      if (!failed) thread.postMessage('stop');
      const timer = setTimeout(() => { void thread.terminate(); }, 5000);
      timer.unref();
      await exited;
      clearTimeout(timer);
    },
  };
}
