import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '@ghl-payments/core';

/** What the lock file of a running demo says about it. */
interface LockContent {
  pid: number;
  startedAt: string;
}

/** A demo already running with the same data folder. */
export class DemoAlreadyRunning extends Error {}

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
        throw new DemoAlreadyRunning(`another demo is already running with ${displayDir} `
          + `(${other ? `pid ${other.pid}, started ${other.startedAt}` : 'starting just now'}): `
          + 'stop it first (Ctrl-C in its terminal), or run this one with its own folder: '
          + `npx ghl-payments demo --data-dir ${displayDir}-2`);
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
