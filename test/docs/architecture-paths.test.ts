import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, resolveFromRoot } from '@ghl-payments/core';

const DOC = 'docs/architecture.md';

/** The top folders a path in the doc can start from; a path that starts elsewhere is relative to a package. */
const TOP_FOLDERS = ['apps', 'packages', 'test', 'migrations', 'docs', 'bench', 'scripts', 'deploy'];

/** Backticked words that look like a path: a folder or a file (`…/x.ts`, `x.ts`, `drivers/sqlite`, `rules/`). */
function backtickedPaths(text: string): string[] {
  const words = [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
  const looksLikePath = (w: string) => /^[\w.-]+(\/[\w.-]+)*\/?$/.test(w) && (w.includes('/') || /\.(ts|js|md|json|ya?ml)$/.test(w));
  return [...new Set(words.filter(looksLikePath))];
}

/** Every file and folder below the top folders, relative to the project root (node_modules left out). */
function listTree(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(resolveFromRoot(dir), { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const rel = `${dir}/${entry.name}`;
      found.push(rel);
      if (entry.isDirectory()) walk(rel);
    }
  };
  for (const top of TOP_FOLDERS) if (fs.existsSync(resolveFromRoot(top))) walk(top);
  return found;
}

describe('docs/architecture.md names only files that exist', () => {
  const text = fs.readFileSync(resolveFromRoot(DOC), 'utf8');
  const named = backtickedPaths(text);
  const tree = listTree();

  it('finds the paths it checks (the newcomer\'s path through one notification and one event among them)', () => {
    // Guards the extraction itself: a regex that matched nothing would pass the checks below vacuously.
    expect(named).toEqual(expect.arrayContaining([
      'apps/receiver/src/routes/webhooks-mp.ts',
      'packages/store/src/claim-due-events.ts',
      'packages/store/src/finish-event.ts',
      'packages/store/src/action-ledger.ts',
      'packages/store/src/payments.ts',
    ]));
    expect(named.filter((p) => TOP_FOLDERS.includes(p.split('/')[0])).length).toBeGreaterThan(20);
  });

  it('every path from the project root exists as written', () => {
    const missing = named
      .filter((p) => TOP_FOLDERS.includes(p.split('/')[0]))
      .filter((p) => !fs.existsSync(path.join(PROJECT_ROOT, p)));
    expect(missing).toEqual([]);
  });

  it('every shorter path (a file or folder inside a package) exists in some package', () => {
    const missing = named
      .filter((p) => !TOP_FOLDERS.includes(p.split('/')[0]))
      .filter((p) => !tree.some((file) => file.endsWith(`/${p.replace(/\/$/, '')}`)));
    expect(missing).toEqual([]);
  });
});
