import { PermanentError, RetryableError } from '@ghl-payments/core';

export interface PaymentFailure {
  mpPaymentId: string;
  error: unknown;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One error for an event whose several payments failed: retryable when any failure is (not before the latest
 * notBefore; counted unless every retryable failure was a rate-limit deferral), permanent only when all are.
 */
export function combinePaymentErrors(context: string, failures: readonly PaymentFailure[]): Error {
  if (failures.length === 1) return failures[0].error instanceof Error ? failures[0].error : new Error(messageOf(failures[0].error));
  const message = `${context}: ${failures.map((f) => `payment ${f.mpPaymentId}: ${messageOf(f.error)}`).join('; ')}`;
  const retryable = failures.map((f) => f.error).filter((e) => !(e instanceof PermanentError));
  if (retryable.length === 0) {
    return new PermanentError(message, { service: (failures[0].error as PermanentError).service });
  }
  const typed = retryable.filter((e): e is RetryableError => e instanceof RetryableError);
  const notBefores = typed.map((e) => e.notBefore).filter((n): n is number => n !== undefined);
  return new RetryableError(message, {
    notBefore: notBefores.length ? Math.max(...notBefores) : undefined,
    countsAsAttempt: retryable.some((e) => !(e instanceof RetryableError) || e.countsAsAttempt),
    service: typed[0]?.service,
  });
}
