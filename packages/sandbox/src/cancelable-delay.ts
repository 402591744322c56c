import { setTimeout as sleep } from 'node:timers/promises';

/** Waits `ms` milliseconds; resolves false instead when `signal` aborts first (the server is closing). */
export async function waitUnlessClosed(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal, ref: false });
    return true;
  } catch {
    return false;
  }
}
