import { RetryableError } from '@ghl-payments/core';
import { CircuitBreaker, circuitKey } from './circuit-breaker';
import { describeError, RetryDecision } from './retry-policy';

/**
 * An attempt that failed on an upstream whose circuit is open waits for the circuit (plus a little jitter, so the
 * backlog does not come due in one instant) without counting toward `failed`: the outage is not the event's fault.
 * Null when the breaker has nothing to say (closed or half-open circuit, permanent error, deferral already), and for
 * the failure of a half-open probe: that one counts for its event like any failure (it follows the retry schedule),
 * so an event that always fails reaches `failed` instead of waiting on the circuit forever.
 */
export function deferForOpenCircuit(
  error: unknown, breaker: CircuitBreaker, now: number, random: () => number, account?: string,
): RetryDecision | null {
  if (!(error instanceof RetryableError) || !error.countsAsAttempt || !error.service) return null;
  const circuit = circuitKey(error.service, account);
  if (breaker.takeProbeFailure(circuit)) return null;
  const until = breaker.openUntil(circuit);
  if (until === null) return null;
  const at = until + Math.round(random() * Math.min(5000, Math.max(0, until - now) / 10));
  return {
    kind: 'retry',
    at,
    countsAsFailure: false,
    reason: `${describeError(error)} (${circuit} circuit open: waiting until ${new Date(at).toISOString()}, not counted as a failure)`,
  };
}
