import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '@ghl-payments/core';
import { demoMessages } from '../messages/demo-messages';

/** What the lock file of a running demo says about it. */
interface LockContent {
  pid: number;
  startedAt: string;
}

/** A demo already running with the same data folder: which folder, and the other demo's pid and start (null: starting now). */
export class DemoAlreadyRunning extends Error {
  constructor(readonly details: { dir: string; pid: number | null; startedAt: string | null }) {
    super(demoMessages.en.alreadyRunning(details));
  }
}

/** True when `pid` is a live process that may be a demo (on Linux, its command line is checked too: pids are reused). */
function isDemoAlive(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /ghl-payments|demo/.test(commandLine);
  } catch {
    return true; // no /proc (macOS, Windows): the pid alone decides
  }
}

function isRecent(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof content.pid === 'number' ? { pid: content.pid, startedAt: String(content.startedAt ?? 'unknown') } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes this process the only demo using `dataDir` (two demos would share, and each recreate, one database): creates
 * `<dataDir>/demo.lock` holding this pid, or throws DemoAlreadyRunning naming the other demo and what to do. A lock
 * left by a demo that no longer runs (killed, crashed) is taken over. Returns the release function; the lock is also
 * removed when the process exits.
 */
export function lockDemo(dataDir: string, displayDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'demo.lock');
  const content = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; ; attempt += 1) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = readLock(file);
      // an unreadable lock a moment old is one being written right now by a demo starting at the same time
      const alive = other ? other.pid !== process.pid && isDemoAlive(other.pid) : isRecent(file);
      if (alive || attempt >= 2) {
        throw new DemoAlreadyRunning({ dir: displayDir, pid: other?.pid ?? null, startedAt: other?.startedAt ?? null });
      }
      fs.rmSync(file, { force: true }); // stale: its demo is gone
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}
