#!/usr/bin/env node
'use strict';
// Compiles the two commands (`ghl-payments`, `process-webhooks`) to plain JavaScript in packages/cli/dist, so they
// start without compiling TypeScript. Our workspaces' code is bundled; every npm package stays an ordinary require.
// Beside the bundles goes manifest.json: every source file that went in, with its mtime and size, so the launchers
// (packages/cli/bin) can tell a fresh bundle from a stale one with a few stats and fall back to the sources.
//
//   node scripts/build-dist.js [--out-dir <folder>]      (`npm run build`; `npm ci` runs it through `prepare`)
//
// A failed build is not an error for `npm ci`: it prints one line and exits 0 (the commands then run from the sources).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_OUT_DIR = path.join(ROOT, 'packages', 'cli', 'dist');
const ENTRIES = {
  'ghl-payments': 'packages/cli/src/bin-ghl-payments.ts',
  'process-webhooks': 'packages/cli/src/bin-process-webhooks.ts',
};
const MANIFEST = 'manifest.json';
// A source saved this close to (or after) the start of the build may not be what esbuild read: the build is then not trusted.
const CLOCK_SLACK_MS = 50;

/** Writes a file whole or not at all (temporary file + rename), so a launcher reading it, or a second build, never sees half of it. */
function writeAtomically(file, contents) {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, contents);
  try {
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** The mtime and size of every input, keyed by its path relative to the repository root. */
function describeInputs(relativePaths) {
  const inputs = {};
  for (const rel of relativePaths) {
    const stat = fs.statSync(path.join(ROOT, rel));
    inputs[rel] = { mtimeMs: stat.mtimeMs, size: stat.size };
  }
  return inputs;
}

/**
 * Builds both bundles into `outDir` (synchronously: a stale launcher rebuilds before it runs). Returns the manifest,
 * or throws with one line saying what failed. Bundles are written before the manifest, so a reader sees either the
 * old manifest (whose inputs no longer match: it uses the sources) or the new one with the new bundles.
 */
function buildDist(options = {}) {
  const outDir = path.resolve(options.outDir || DEFAULT_OUT_DIR);
  const esbuild = require('esbuild');
  const startedAt = Date.now();
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(ENTRIES).map(([out, entry]) => ({ out, in: entry })),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'silent',
    external: externalPatterns(),
  });
  const inputFiles = Object.keys(result.metafile.inputs).filter((rel) => !rel.startsWith('<'));
  const bundledPackage = inputFiles.find((rel) => rel.includes('node_modules/'));
  if (bundledPackage) throw new Error(`${bundledPackage} would be bundled; add its package to the root package.json dependencies`);
  inputFiles.push(path.relative(ROOT, path.join(__dirname, 'build-dist.js')));
  const inputs = describeInputs(inputFiles);
  const finishedAt = Date.now();
  // (a file dated in the future, e.g. by a skewed clock, was not saved during the build: it does not count)
  const touched = Object.keys(inputs).find((rel) => inputs[rel].mtimeMs >= startedAt - CLOCK_SLACK_MS && inputs[rel].mtimeMs <= finishedAt + CLOCK_SLACK_MS);
  if (touched) throw new Error(`${touched} changed while the bundle was being built; run the build again`);
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  const manifest = { builtAt: new Date(startedAt).toISOString(), node: process.version, entries: Object.keys(ENTRIES), inputs };
  writeAtomically(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/**
 * Every npm package of the root package.json as esbuild `external` patterns (`name` and `name/*`): they stay ordinary
 * requires. Our `@ghl-payments/*` workspaces and relative files are bundled.
 */
function externalPatterns() {
  const names = new Set();
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const name of Object.keys(pkg[field] || {})) names.add(name);
  }
  return [...names].filter((n) => !n.startsWith('@ghl-payments/')).flatMap((n) => [n, `${n}/*`]);
}

module.exports = { buildDist, DEFAULT_OUT_DIR, MANIFEST, ENTRIES, ROOT };

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out-dir');
  const outDir = at >= 0 ? args[at + 1] : undefined;
  try {
    const manifest = buildDist({ outDir });
    console.log(`built ${manifest.entries.join(', ')} from ${Object.keys(manifest.inputs).length} source files into ${path.relative(process.cwd(), outDir || DEFAULT_OUT_DIR) || '.'}`);
  } catch (err) {
    const reason = String((err && err.message) || err).split('\n')[0];
    console.log(`build skipped (${reason}): ghl-payments and process-webhooks will run from the TypeScript sources (slower start)`);
  }
}
