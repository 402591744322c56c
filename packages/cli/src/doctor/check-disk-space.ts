import fs from 'node:fs';
import path from 'node:path';
import { CheckResult, fail, pass, warn } from './doctor-check';

const FAIL_BELOW_BYTES = 100 * 1024 ** 2;
const WARN_BELOW_BYTES = 1024 ** 3;

/** Free space where the data folder is (or will be): ✗ under 100 MB, ! under 1 GB. */
export async function checkDiskSpace(dataDir: string): Promise<CheckResult> {
  const dir = nearestExistingDir(dataDir);
  try {
    const stats = await fs.promises.statfs(dir);
    const free = Number(stats.bavail) * Number(stats.bsize);
    const message = `${formatGigabytes(free)} free for the data folder (${dataDir})`;
    const fix = 'free some space or move DATABASE_URL / the data folder to a larger disk: a full disk stops the receiver from storing notifications';
    if (free < FAIL_BELOW_BYTES) return fail(`only ${message}`, fix);
    if (free < WARN_BELOW_BYTES) return warn(`only ${message}`, fix);
    return pass(message);
  } catch (err) {
    return warn(`disk space not checked (${dir}): ${(err as Error).message}`);
  }
}

/** The folder itself, or its closest ancestor that exists. */
export function nearestExistingDir(dir: string): string {
  let current = path.resolve(dir);
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** `78.7 GB`, `0.05 GB`. */
function formatGigabytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return `${gb >= 10 ? gb.toFixed(0) : gb >= 1 ? gb.toFixed(1) : gb.toFixed(2)} GB`;
}
