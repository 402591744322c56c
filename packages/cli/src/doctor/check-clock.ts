import { CheckResult, pass, warn } from './doctor-check';

/** Largest tolerated distance between this machine's clock and MercadoPago's. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** Compares the local clock with an HTTP `Date` header (one-second precision): warns beyond a minute apart. */
export function checkClock(dateHeader: string | undefined, localNow: number, source = 'MercadoPago'): CheckResult {
  const remote = dateHeader === undefined ? NaN : Date.parse(dateHeader);
  if (Number.isNaN(remote)) return warn(`clock not checked: no usable Date header from ${source}`);
  const skewMs = localNow - remote;
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  if (Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS) return pass(`clock agrees with ${source} (${seconds} s apart)`);
  return warn(`this machine's clock is ${seconds} s ${skewMs > 0 ? 'ahead of' : 'behind'} ${source}`,
    'enable time synchronisation (Linux: `timedatectl set-ntp true`; Windows: Settings → Time → Sync now): retry times, leases and signature ages depend on it');
}
