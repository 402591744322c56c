/** `2026-11-30 14:05:09 UTC`, or an em dash for null. */
export function formatTime(ms: number | null): string {
  if (ms === null) return '—';
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `45s`, `3m 12s`, `2h 5m`, `3d 4h`. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

/** `in 4m 10s` / `3m ago` / `now`, relative to `now`. */
export function formatRelative(ms: number, now: number): string {
  const diff = Math.round((ms - now) / 1000);
  if (Math.abs(diff) < 1) return 'now';
  return diff > 0 ? `in ${formatAge(diff)}` : `${formatAge(-diff)} ago`;
}

/** A number with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Pretty JSON for a payload shown in a `<pre>` (text that is not JSON stays as it is). */
export function prettyJson(text: string | null): string {
  if (text === null || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
