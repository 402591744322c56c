/** A post-login destination: a path inside the dashboard, or `/admin` (no open redirects). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/admin';
  // eslint-disable-next-line no-control-regex
  if (!/^\/admin([/?]|$)/.test(next) || next.includes('//') || next.includes('/.') || next.includes('\\') || /[\u0000-\u001f\u007f]/.test(next)) return '/admin';
  if (next.startsWith('/admin/login') || next.startsWith('/admin/logout')) return '/admin';
  return next;
}
