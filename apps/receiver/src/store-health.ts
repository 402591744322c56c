import type { Store } from '@ghl-payments/store';

/** Whether the receiver can store notifications right now, and why not. */
export type StoreHealthState = { ok: true } | { ok: false; error: string };

export interface StoreHealthOptions {
  /** Clock in epoch milliseconds (default Date.now). */
  now?: () => number;
  /** How long a successful observation is trusted before the next health check probes again. */
  okForMs?: number;
  /** How long a failed one is trusted (shorter: recovery shows quickly, still bounded). */
  failedForMs?: number;
  /** Longest a probe may take before the database counts as not accepting writes. */
  probeTimeoutMs?: number;
}

export interface StoreHealth {
  /** The latest observation if still fresh, else one probe write (shared by concurrent callers). */
  check(): Promise<StoreHealthState>;
  /** What a real write just did (the receiver's insert): a fresh observation that spares a probe. */
  record(ok: boolean, error?: string): void;
}

const DEFAULT_OK_FOR_MS = 5000;
const DEFAULT_FAILED_FOR_MS = 1000;
const DEFAULT_PROBE_TIMEOUT_MS = 2000;

/**
 * Tracks whether the database accepts writes. `/healthz` asks `check()`: at most one probe write (`store.probeWrite`)
 * per interval whatever the number of health checks, so a storm of checks cannot become a storm of writes; a probe
 * in flight is shared. Real inserts reported with `record()` count as observations too.
 */
export function createStoreHealth(store: Store, options: StoreHealthOptions = {}): StoreHealth {
  const now = options.now ?? Date.now;
  const okForMs = options.okForMs ?? DEFAULT_OK_FOR_MS;
  const failedForMs = options.failedForMs ?? DEFAULT_FAILED_FOR_MS;
  const probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let last: { state: StoreHealthState; at: number } | null = null;
  let probing: Promise<StoreHealthState> | null = null;

  const fresh = (): boolean => last !== null && now() - last.at < (last.state.ok ? okForMs : failedForMs);

  const probe = async (): Promise<StoreHealthState> => {
    const startedAt = now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs}ms`)), probeTimeoutMs);
    });
    let state: StoreHealthState;
    try {
      await Promise.race([store.probeWrite(startedAt), timeout]);
      state = { ok: true };
    } catch (err) {
      state = { ok: false, error: firstLine((err as Error)?.message ?? String(err)) };
    } finally {
      clearTimeout(timer);
    }
    // A real write reported meanwhile is newer than this probe: it wins.
    if (last === null || last.at <= startedAt) last = { state, at: startedAt };
    return last.state;
  };

  return {
    async check() {
      if (fresh()) return last!.state;
      if (!probing) probing = probe().finally(() => { probing = null; });
      return probing;
    },
    record(ok, error) {
      last = { state: ok ? { ok: true } : { ok: false, error: firstLine(error ?? 'a write failed') }, at: now() };
    },
  };
}

/** The driver's first line (kept for the process, never sent to unauthenticated health checkers). */
function firstLine(text: string): string {
  return text.split('\n')[0];
}
