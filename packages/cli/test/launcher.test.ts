import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The launchers (packages/cli/bin) run the compiled bundle only while every source it was built from is unchanged,
// else the TypeScript sources; the bundle itself runs the commands (help, migrations on a fresh SQLite file).
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUILD_SCRIPT = path.join(ROOT, 'scripts', 'build-dist.js');

interface Entry { kind: 'bundle' | 'sources'; file: string; reason?: string }
interface LauncherModule {
  chooseEntry(name: string, options?: { distDir?: string; env?: Record<string, string | undefined>; rebuild?: boolean }): Entry;
  SOURCE_ENTRIES: Record<string, string>;
}
interface Manifest { entries: string[]; inputs: Record<string, { mtimeMs: number; size: number }> }

// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require(path.join(ROOT, 'packages', 'cli', 'bin', 'launch.js')) as LauncherModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDist } = require(BUILD_SCRIPT) as { buildDist(options: { outDir: string }): Manifest };

/** A scratch folder inside the repository (tmp/ is git-ignored), so the bundle finds the project root by walking up. */
const work = path.join(ROOT, 'tmp', `launcher-test-${process.pid}`);
const distDir = path.join(work, 'dist');

function runNode(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: work, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A copy of the built bundle whose manifest also lists `extra` (a scratch file), to change an input without touching the sources. */
function copyWithExtraInput(name: string): { dir: string; extra: string } {
  const dir = path.join(work, name);
  fs.cpSync(distDir, dir, { recursive: true });
  const extra = path.join(work, `${name}-input.ts`);
  fs.writeFileSync(extra, 'export const x = 1;\n');
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const stat = fs.statSync(extra);
  manifest.inputs[path.relative(ROOT, extra)] = { mtimeMs: stat.mtimeMs, size: stat.size };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  return { dir, extra };
}

beforeAll(() => {
  fs.mkdirSync(work, { recursive: true });
  // a source saved while the build runs makes it refuse (by design); on a tree being edited, try again
  for (let attempt = 1; ; attempt += 1) {
    try {
      buildDist({ outDir: distDir });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}, 30_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the build', () => {
  it('writes both bundles and a manifest of their sources with mtime and size, npm packages left out', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.entries.sort()).toEqual(['ghl-payments', 'process-webhooks']);
    const inputs = Object.keys(manifest.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['packages/cli/src/bin-process-webhooks.ts', 'migrations/index.ts', 'packages/core/src/project-root.ts']));
    expect(inputs.some((rel) => rel.includes('node_modules'))).toBe(false);
    const stat = fs.statSync(path.join(ROOT, 'migrations/index.ts'));
    expect(manifest.inputs['migrations/index.ts']).toEqual({ mtimeMs: stat.mtimeMs, size: stat.size });
    const bundle = fs.readFileSync(path.join(distDir, 'process-webhooks.js'), 'utf8');
    expect(bundle).toMatch(/require\("knex"\)/); // an npm package stays a require, resolved from node_modules at run time
  });

  it('prints one line and exits 0 when it cannot build (npm ci must not fail because of it)', () => {
    const blocker = path.join(work, 'a-file');
    fs.writeFileSync(blocker, '');
    const run = spawnSync(process.execPath, [BUILD_SCRIPT, '--out-dir', path.join(blocker, 'dist')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/will run from the TypeScript sources/);
  });
});

describe('the launcher', () => {
  it('chooses the bundle while every input is unchanged', () => {
    expect(launcher.chooseEntry('process-webhooks', { distDir, env: {}, rebuild: false })).toEqual({ kind: 'bundle', file: path.join(distDir, 'process-webhooks.js') });
    expect(launcher.chooseEntry('ghl-payments', { distDir, env: {}, rebuild: false }).kind).toBe('bundle');
  });

  it('chooses the sources once an input changes size, or only its mtime, or disappears', () => {
    const { dir, extra } = copyWithExtraInput('changed');
    expect(launcher.chooseEntry('process-webhooks', { distDir: dir, env: {}, rebuild: false }).kind).toBe('bundle');
    fs.appendFileSync(extra, '// edited\n');
    const entry = launcher.chooseEntry('process-webhooks', { distDir: dir, env: {}, rebuild: false });
    expect(entry).toEqual({ kind: 'sources', file: launcher.SOURCE_ENTRIES['process-webhooks'], reason: expect.any(String) as string });
    expect(entry.file.endsWith(path.join('packages', 'cli', 'src', 'bin-process-webhooks.ts'))).toBe(true);

    const touched = copyWithExtraInput('touched');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(touched.extra, later, later);
    expect(launcher.chooseEntry('process-webhooks', { distDir: touched.dir, env: {}, rebuild: false }).kind).toBe('sources');

    const removed = copyWithExtraInput('removed');
    fs.rmSync(removed.extra);
    expect(launcher.chooseEntry('ghl-payments', { distDir: removed.dir, env: {}, rebuild: false }).kind).toBe('sources');
  });

  it('chooses the sources without a manifest, or when GHL_PAYMENTS_FROM_SOURCE=1', () => {
    expect(launcher.chooseEntry('process-webhooks', { distDir: path.join(work, 'nothing-here'), env: {}, rebuild: false }).kind).toBe('sources');
    expect(launcher.chooseEntry('process-webhooks', { distDir, env: { GHL_PAYMENTS_FROM_SOURCE: '1' } }))
      .toEqual({ kind: 'sources', file: launcher.SOURCE_ENTRIES['process-webhooks'], reason: 'GHL_PAYMENTS_FROM_SOURCE=1' });
  });

  it('rebuilds a stale bundle before running it, and two launchers rebuilding at once leave a fresh one', async () => {
    const { dir } = copyWithExtraInput('stale');
    fs.appendFileSync(path.join(work, 'stale-input.ts'), '// edited\n');
    expect(launcher.chooseEntry('process-webhooks', { distDir: dir, env: {} })).toEqual({ kind: 'bundle', file: path.join(dir, 'process-webhooks.js') });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(Object.keys(manifest.inputs).some((rel) => rel.includes('stale-input'))).toBe(false);

    const both = path.join(work, 'both');
    const chooseInChild = `process.stdout.write(require(${JSON.stringify(path.join(ROOT, 'packages/cli/bin/launch.js'))}).chooseEntry('ghl-payments', { distDir: ${JSON.stringify(both)}, env: {} }).kind)`;
    const [a, b] = await Promise.all([runNode(['-e', chooseInChild]), runNode(['-e', chooseInChild])]);
    expect([a.out, b.out]).toEqual(['bundle', 'bundle']);
    expect(fs.readdirSync(both).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(launcher.chooseEntry('ghl-payments', { distDir: both, env: {}, rebuild: false }).kind).toBe('bundle');
  }, 30_000);
});

describe('the bundle', () => {
  it('runs `process-webhooks --help` and `ghl-payments --help`', async () => {
    const [worker, cli] = await Promise.all([
      runNode([path.join(distDir, 'process-webhooks.js'), '--help']),
      runNode([path.join(distDir, 'ghl-payments.js'), '--help']),
    ]);
    expect(worker.code).toBe(0);
    expect(worker.out).toMatch(/Usage: process-webhooks/);
    expect(worker.out).toMatch(/--loop/);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/Usage: ghl-payments/);
    expect(cli.out).toMatch(/runserver/);
  });

  it('migrates a fresh SQLite database with every migration of migrations/index.ts', async () => {
    const db = path.join(work, 'fresh.sqlite3');
    const run = await runNode([path.join(distDir, 'ghl-payments.js'), 'migrate'], { DATABASE_URL: db, LOG_DIR: path.join(work, 'logs') });
    const migrations = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /^\d+_.*\.ts$/.test(f));
    expect(run.code).toBe(0);
    expect(run.out).toContain(`applied ${migrations.length} migration(s)`);
    expect(fs.statSync(db).size).toBeGreaterThan(0);
  });

  it('runs `process-webhooks` once with nothing due without loading express, axios, yaml or prom-client', async () => {
    const preload = path.join(work, 'list-packages.js');
    fs.writeFileSync(preload, String.raw`process.on('exit', () => {
      const names = Object.keys(require.cache).map((f) => (/node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(f) || [])[1]).filter(Boolean);
      process.stdout.write('\nLOADED ' + [...new Set(names)].sort().join(' ') + '\n');
    });`);
    const env = { DATABASE_URL: path.join(work, 'once.sqlite3'), LOG_DIR: path.join(work, 'logs'), MP_ACCESS_TOKEN: 'TEST-0000000000000000-000000-00000000000000000000000000000000-000000000', GHL_API_TOKEN: 'pit-00000000-0000-0000-0000-000000000000', GHL_LOCATION_ID: 'loc0000000000000000' };
    const run = await runNode(['-r', preload, path.join(distDir, 'process-webhooks.js')], env);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/processed=0 /);
    const loaded = (/LOADED (.*)/.exec(run.out)?.[1] ?? '').split(' ');
    expect(loaded).toEqual(expect.arrayContaining(['knex', 'better-sqlite3', 'winston']));
    for (const lazy of ['express', 'axios', 'yaml', 'prom-client']) expect(loaded).not.toContain(lazy);
  });
});
