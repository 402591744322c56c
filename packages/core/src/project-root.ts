import path from 'node:path';

/** The repository root (the folder holding the workspace package.json), whatever the current directory. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Resolves a path against the project root unless it is already absolute. */
export function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(PROJECT_ROOT, p);
}
