/** What the worker holds when it decides how many events to claim. */
export interface ClaimInputs {
  /** Events that may run at the same time (WORKER_CONCURRENCY). */
  concurrency: number;
  /** Most events one claim takes (WORKER_BATCH_SIZE). */
  batchSize: number;
  /** Events running now. */
  running: number;
  /** Events claimed ahead, waiting for a slot. */
  buffered: number;
  /** How many more events the circuit breaker lets start (Infinity while every circuit is closed). */
  admitted: number;
}

/** How many claimed events may wait for a slot: about half the concurrency, at most one batch. */
export function countPrefetch(concurrency: number, batchSize: number): number {
  return Math.min(batchSize, Math.ceil(concurrency / 2));
}

/**
 * How many events to claim now. With every circuit closed the worker keeps its slots busy plus a small buffer of
 * claimed events, so one claim statement serves several finished events: it claims when a slot is idle, or when at
 * least half the buffer is missing. While a circuit is open or half-open it claims only what may start at once.
 */
export function countEventsToClaim(inputs: ClaimInputs): number {
  const { concurrency, batchSize, running, buffered, admitted } = inputs;
  const held = running + buffered;
  if (admitted !== Infinity) return Math.max(0, Math.min(batchSize, admitted - buffered, concurrency - held));

  const prefetch = countPrefetch(concurrency, batchSize);
  const room = concurrency + prefetch - held;
  const slotIdle = held < concurrency;
  const bufferLow = room >= Math.max(1, Math.ceil(prefetch / 2));
  return room > 0 && (slotIdle || bufferLow) ? Math.min(batchSize, room) : 0;
}
