import type { Alerts } from './create-alerts';

/**
 * Five notifications refused for a bad signature within ten minutes. MercadoPago retries each refused notification,
 * so a wrong MP_WEBHOOK_SECRET reaches this within minutes of the first payments; one stray forged request does not.
 */
export const SIGNATURES_REJECTED_THRESHOLD = 5;
export const SIGNATURES_REJECTED_WINDOW_MS = 10 * 60_000;

/**
 * Counts the receiver's signature refusals (in this process) and raises `signatures-rejected` when `threshold` fall
 * within `windowMs`; the alert is throttled through the database like every other.
 */
export function watchSignatureRejections(o: { alerts: Alerts; now: () => number; threshold?: number; windowMs?: number }): () => void {
  const threshold = o.threshold ?? SIGNATURES_REJECTED_THRESHOLD;
  const windowMs = o.windowMs ?? SIGNATURES_REJECTED_WINDOW_MS;
  let recent: number[] = [];
  return () => {
    const now = o.now();
    recent = recent.filter((at) => at > now - windowMs);
    recent.push(now);
    if (recent.length < threshold) return;
    const rejections = recent.length;
    recent = [];
    o.alerts.notify({ kind: 'signatures-rejected', rejections, windowMs });
  };
}
