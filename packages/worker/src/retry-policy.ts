import { PermanentError, RetryableError } from '@ghl-payments/core';

export type RetryDecision =
  | { kind: 'retry'; at: number; countsAsFailure: boolean; reason: string }
  | { kind: 'fail'; reason: string };

export interface RetryInput {
  error: unknown;
  /** Failures already counted on the event before this attempt. */
  failures: number;
  /** Delay before each retry; attempts allowed = scheduleMs.length + 1. */
  scheduleMs: readonly number[];
  now: number;
  /** 0..1, for jitter (injected so tests are deterministic). */
  random: () => number;
  /** How long to wait when an upstream asks us to slow down without saying for how long. */
  defaultDeferMs?: number;
}

/** ±10 % jitter, so events that failed together do not all retry in the same instant. */
export function addJitter(delayMs: number, random: () => number): number {
  return Math.round(delayMs * (0.9 + 0.2 * random()));
}

/** Describes an error for the event's last_error column (never includes request configuration). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Decides what happens after a failed attempt: permanent errors fail at once; rate-limit deferrals wait without
 * counting; other errors follow the retry schedule and fail after its last entry.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { error, failures, scheduleMs, now, random } = input;
  const reason = describeError(error);
  if (error instanceof PermanentError) return { kind: 'fail', reason };
  if (error instanceof RetryableError && !error.countsAsAttempt) {
    return { kind: 'retry', at: Math.max(error.notBefore ?? now + (input.defaultDeferMs ?? 10_000), now), countsAsFailure: false, reason };
  }
  const failuresAfter = failures + 1;
  if (failuresAfter > scheduleMs.length) {
    return { kind: 'fail', reason: `${reason} (gave up after ${failuresAfter} failed attempt${failuresAfter === 1 ? '' : 's'})` };
  }
  const scheduled = now + addJitter(scheduleMs[failuresAfter - 1], random);
  const notBefore = error instanceof RetryableError ? error.notBefore ?? 0 : 0;
  return { kind: 'retry', at: Math.max(scheduled, notBefore), countsAsFailure: true, reason };
}
