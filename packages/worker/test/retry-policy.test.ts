import { PermanentError, RetryableError } from '@ghl-payments/core';
import { decideRetry } from '@ghl-payments/worker';

const schedule = [60_000, 300_000, 900_000];
const base = { scheduleMs: schedule, now: 1_000_000, random: () => 0.5 };

describe('decideRetry', () => {
  it('follows the schedule (1m → 5m → 15m) and fails after the last entry', () => {
    const err = new RetryableError('MercadoPago answered 503');
    expect(decideRetry({ ...base, error: err, failures: 0 })).toMatchObject({ kind: 'retry', at: 1_060_000, countsAsFailure: true });
    expect(decideRetry({ ...base, error: err, failures: 1 })).toMatchObject({ kind: 'retry', at: 1_300_000 });
    expect(decideRetry({ ...base, error: err, failures: 2 })).toMatchObject({ kind: 'retry', at: 1_900_000 });
    const last = decideRetry({ ...base, error: err, failures: 3 });
    expect(last.kind).toBe('fail');
    expect(last.reason).toMatch(/503.*gave up after 4 failed attempts/);
  });

  it('adds at most ±10 % jitter', () => {
    const err = new Error('boom');
    expect(decideRetry({ ...base, error: err, failures: 0, random: () => 0 })).toMatchObject({ at: 1_054_000 });
    expect(decideRetry({ ...base, error: err, failures: 0, random: () => 1 })).toMatchObject({ at: 1_066_000 });
  });

  it('fails permanent errors at once', () => {
    expect(decideRetry({ ...base, error: new PermanentError('GHL 422: bad tags'), failures: 0 })).toEqual({ kind: 'fail', reason: 'GHL 422: bad tags' });
  });

  it('defers rate-limited calls until notBefore without counting a failure, even after the schedule', () => {
    const err = new RetryableError('GHL 429', { notBefore: 1_005_000, countsAsAttempt: false });
    expect(decideRetry({ ...base, error: err, failures: 3 })).toMatchObject({ kind: 'retry', at: 1_005_000, countsAsFailure: false });
  });

  it('honours notBefore when it is later than the schedule', () => {
    const err = new RetryableError('503 with Retry-After', { notBefore: 2_000_000 });
    expect(decideRetry({ ...base, error: err, failures: 0 })).toMatchObject({ at: 2_000_000, countsAsFailure: true });
  });
});
