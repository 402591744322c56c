import path from 'node:path';
import { ROOT } from './processes';

/** The part of packages/cli/bin/launch.js the benchmarks use. */
interface LauncherModule {
  chooseEntry(name: string, options?: { distDir?: string; env?: Record<string, string | undefined>; rebuild?: boolean }): { kind: 'bundle' | 'sources'; file: string; reason?: string };
}

/** Environment that makes the launchers run the TypeScript sources through tsx (how every command ran before the bundle). */
export const FROM_SOURCES_ENV: Record<string, string> = { GHL_PAYMENTS_FROM_SOURCE: '1' };

/**
 * Makes sure the compiled bundle is fresh (the launcher rebuilds a stale one, as a real start would), so a measurement
 * "from the bundle" is one. Returns null when it is, else why it is not (the measurement then says so).
 */
export function ensureFreshBundle(): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const launcher = require(path.join(ROOT, 'packages/cli/bin/launch.js')) as LauncherModule;
  const entry = launcher.chooseEntry('process-webhooks', { env: {} });
  return entry.kind === 'bundle' ? null : `the compiled bundle is not in use (${entry.reason ?? 'unknown reason'})`;
}
