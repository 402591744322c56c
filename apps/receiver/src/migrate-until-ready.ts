import type { Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';

export interface SchemaMigrator {
  /** True once the migrations have been applied. */
  isReady(): boolean;
  /** Settles after the first attempt: true when it succeeded. */
  firstAttempt: Promise<boolean>;
  /** Stops retrying (the receiver is closing). */
  stop(): void;
}

export interface MigrateOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Applies the migrations now and, while the database is unreachable, again in the background with
 * exponential backoff, so a receiver started during a database outage comes up and recovers on its own.
 */
export function migrateUntilReady(store: Store, logger: Logger, options: MigrateOptions = {}): SchemaMigrator {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let ready = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let resolveFirst: (ok: boolean) => void = () => undefined;
  const firstAttempt = new Promise<boolean>((resolve) => { resolveFirst = resolve; });

  const attempt = async (): Promise<void> => {
    try {
      const applied = await store.migrate();
      if (stopped) return;
      ready = true;
      if (failures > 0) logger.info('database reachable again: migrations applied, accepting notifications', { database: store.description });
      if (applied.length > 0) logger.info('database migrated', { applied });
      resolveFirst(true);
    } catch (err) {
      if (stopped) return;
      failures += 1;
      const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(failures - 1, 16));
      logger.error('database unavailable: cannot apply migrations; answering 503 until it is back', {
        database: store.description, error: (err as Error).message, attempt: failures, retryInMs: delayMs,
      });
      resolveFirst(false);
      timer = setTimeout(() => { void attempt(); }, delayMs);
      timer.unref();
    }
  };
  void attempt();

  return {
    isReady: () => ready,
    firstAttempt,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      resolveFirst(false);
    },
  };
}
