import type { Logger, TimeOfDay } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';
import type { Alerts } from './create-alerts';
import { latestDigestTime } from './digest-schedule';

/** How often `process-webhooks --loop` looks at the backlog's age and the digest's time. */
export const ALERT_CHECK_INTERVAL_MS = 60_000;
/** A digest missed by more than this (the worker was stopped at DIGEST_TIME) is skipped rather than sent late. */
export const DIGEST_CATCH_UP_MS = 12 * 3_600_000;
const DAY_MS = 24 * 3_600_000;
const DIGEST_KEY = 'daily-digest';

export interface AlertSchedulerOptions {
  store: Store;
  alerts: Alerts;
  logger: Logger;
  now: () => number;
  /** ALERT_BACKLOG_AGE; null: not checked. */
  backlogAgeMs: number | null;
  /** DIGEST_TIME; null: no digest. */
  digestTime: TimeOfDay | null;
  timeZone: string;
}

/** The alerts nothing else raises: a backlog that stopped moving, and the daily digest. */
export interface AlertScheduler {
  /** Checks both once; never rejects. */
  check(): Promise<void>;
  /** Checks every `intervalMs` (default one minute) until the returned function is called. */
  start(intervalMs?: number): () => void;
}

export function createAlertScheduler(o: AlertSchedulerOptions): AlertScheduler {
  const checkBacklog = async (now: number): Promise<void> => {
    if (o.backlogAgeMs === null) return;
    const backlog = await o.store.readBacklog(now);
    const oldest = backlog.oldestPendingReceivedAt;
    if (oldest === null || now - oldest <= o.backlogAgeMs) return;
    await o.alerts.raise({ kind: 'backlog-stuck', oldestReceivedAt: oldest, pending: backlog.byStatus.pending, thresholdMs: o.backlogAgeMs });
  };

  /**
   * One digest per DIGEST_TIME, whichever process gets there first (claimed in alert_state). The first check ever only
   * records the day as done: a new installation starts with the next DIGEST_TIME rather than a digest at start-up.
   */
  const checkDigest = async (now: number): Promise<void> => {
    if (o.digestTime === null) return;
    const due = latestDigestTime(now, o.digestTime, o.timeZone);
    const state = await o.store.readAlertState(DIGEST_KEY);
    if (!state || state.lastSentAt === null) {
      await o.store.claimAlert({ key: DIGEST_KEY, now, notSentSince: now });
      return;
    }
    if (state.lastSentAt >= due || now - due > DIGEST_CATCH_UP_MS) return;
    const counts = await o.store.countDigest(now - DAY_MS, now);
    await o.alerts.raise({ kind: 'daily-digest', from: now - DAY_MS, to: now, counts }, { key: DIGEST_KEY, notSentSince: due - 1 });
  };

  const check = async (): Promise<void> => {
    const now = o.now();
    for (const [name, run] of [['backlog', checkBacklog], ['digest', checkDigest]] as const) {
      try {
        await run(now);
      } catch (err) {
        o.logger.warn(`could not check the ${name} alert`, { error: (err as Error).message });
      }
    }
  };

  return {
    check,
    start(intervalMs = ALERT_CHECK_INTERVAL_MS) {
      let running: Promise<void> | undefined;
      const tick = () => { if (!running) { running = check().finally(() => { running = undefined; }); o.alerts.track(running); } };
      tick();
      const timer = setInterval(tick, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
  };
}
