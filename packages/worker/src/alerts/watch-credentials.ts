import type { UpstreamCall } from '@ghl-payments/pipeline';
import type { Alerts } from './create-alerts';

/** Three 401/403 answers from one upstream within ten minutes: the credentials are wrong, not one request. */
export const CREDENTIALS_REJECTED_THRESHOLD = 3;
export const CREDENTIALS_REJECTED_WINDOW_MS = 10 * 60_000;

/**
 * Watches every upstream call (HttpHooks.onCall) and raises `credentials-rejected` when MercadoPago or GoHighLevel
 * answers 401 or 403 `threshold` times within `windowMs`; each upstream is counted and throttled on its own.
 */
export function watchCredentials(o: { alerts: Alerts; now: () => number; threshold?: number; windowMs?: number }): (call: UpstreamCall) => void {
  const threshold = o.threshold ?? CREDENTIALS_REJECTED_THRESHOLD;
  const windowMs = o.windowMs ?? CREDENTIALS_REJECTED_WINDOW_MS;
  const seen = new Map<string, number[]>();
  return (call) => {
    if (call.status !== 401 && call.status !== 403) return;
    const now = o.now();
    // each account's credentials are its own: counted and throttled per account and upstream
    const key = call.account ? `${call.service}@${call.account}` : call.service;
    const recent = (seen.get(key) ?? []).filter((at) => at > now - windowMs);
    recent.push(now);
    if (recent.length < threshold) {
      seen.set(key, recent);
      return;
    }
    seen.set(key, []); // the next alert needs a new run of rejections (and the hourly throttle still applies)
    o.alerts.notify(
      {
        kind: 'credentials-rejected', service: call.service, rejections: recent.length, windowMs, lastStatus: call.status, operation: call.operation,
        ...(call.account ? { account: call.account } : {}),
      },
      { key: `credentials-rejected:${key}` },
    );
  };
}
