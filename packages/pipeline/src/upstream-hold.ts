/**
 * The pause an upstream asked for (its budget is spent, from its rate-limit headers): nothing is sent before it.
 * Both limiters keep one per process; a later instant replaces an earlier one, never the reverse.
 */
export interface UpstreamHold {
  /** Sends nothing before this epoch-ms instant. */
  holdUntil(epochMs: number): void;
  /** The current hold (0 when none). */
  heldUntil(): number;
}

/** Creates an empty hold. */
export function createUpstreamHold(): UpstreamHold {
  let hold = 0;
  return {
    holdUntil(epochMs) {
      hold = Math.max(hold, epochMs);
    },
    heldUntil: () => hold,
  };
}
