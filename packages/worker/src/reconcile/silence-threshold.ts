/**
 * A payment MercadoPago created longer ago than this, that no notification announced, is "silent": its notification
 * should have arrived by now (MercadoPago notifies within seconds and redelivers every 15 minutes at first).
 */
export const SILENCE_THRESHOLD_MS = 15 * 60_000;

/** True when a payment created at `dateCreated` (MercadoPago's text) is older than the threshold at `sweepStartedAt`. */
export function isPastSilenceThreshold(dateCreated: string | null | undefined, sweepStartedAt: number): boolean {
  if (!dateCreated) return false;
  const created = Date.parse(dateCreated);
  return !Number.isNaN(created) && created < sweepStartedAt - SILENCE_THRESHOLD_MS;
}
