import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';

const readJson = (file: string) => JSON.parse(fs.readFileSync(resolveFromRoot(file), 'utf8'));

describe('a clean `npm ci` prints no alarming lines, and the Node version is stated once', () => {
  const manifest = readJson('package.json') as { engines: { node: string }; allowScripts?: Record<string, boolean> };

  it('every dependency with an install script is reviewed in allowScripts (npm ≥ 11.16 warns about the others)', () => {
    const lock = readJson('package-lock.json') as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([where, entry]) => where.includes('node_modules/') && entry.hasInstallScript)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const reviewed = Object.keys(manifest.allowScripts ?? {}).map((key) => key.replace(/(.)@.*$/, '$1'));
    expect([...new Set(withScripts)].filter((name) => !reviewed.includes(name))).toEqual([]);
    // the native SQLite driver and esbuild (behind tsx) must still build or fetch their binaries
    expect(manifest.allowScripts).toMatchObject({ 'better-sqlite3': true, esbuild: true });
  });

  it.each(['README.md', 'README.es.md', 'README.pt-BR.md'])('%s states the same minimum Node version as engines', (readme) => {
    const minimum = /^>=(\d+\.\d+)$/.exec(manifest.engines.node)![1];
    const text = fs.readFileSync(resolveFromRoot(readme), 'utf8');
    expect(text).toContain(`Node.js ${minimum} `);
    expect(text).not.toMatch(/Node(\.js)? 20 (or newer|o más nuevo|ou mais recente)/);
  });
});
