/** Epoch milliseconds as an ISO 8601 UTC string (null stays null). */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
