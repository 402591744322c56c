import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root (the folder holding the workspace package.json, named "ghl-payments"), whatever the current
 * directory: found by walking up from this file, so it is the same from the sources (packages/core/src) and from the
 * compiled bundle (packages/cli/dist).
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'ghl-payments') return dir;
    } catch {
      // no package.json here (or not JSON): keep walking up
    }
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', '..');
  }
}

/** Resolves a path against the project root unless it is already absolute. */
export function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(PROJECT_ROOT, p);
}
