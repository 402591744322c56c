'use strict';
// Starts one of the project's commands. From the compiled bundle in packages/cli/dist (scripts/build-dist.js, run by
// `npm ci` and `npm run build`) when it is fresh: every source file it was built from still has the mtime and size
// its manifest recorded. A stale or missing bundle is rebuilt first when its folder is writable (a second or so, once;
// two launchers at once are safe: every file is replaced whole), else the command runs from the TypeScript sources
// through tsx, as it always could. GHL_PAYMENTS_FROM_SOURCE=1 skips the bundle (and any rebuild) altogether.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST_DIR = path.resolve(__dirname, '..', 'dist');
const MANIFEST = 'manifest.json';
const SOURCE_ENTRIES = {
  'ghl-payments': path.resolve(__dirname, '..', 'src', 'bin-ghl-payments.ts'),
  'process-webhooks': path.resolve(__dirname, '..', 'src', 'bin-process-webhooks.ts'),
};

/**
 * V8 settings for the receiver (`ghl-payments runserver`) that can be set once the process runs: after each full
 * collection the old generation may grow to 1.5× what survived it instead of up to 4×, which lowers the peak memory
 * under a burst without a visible cost in throughput (docs/benchmarks.md, "Memory"). The young generation's size can
 * only be set on the command line: packages/cli/src/receiver-node-flags.ts.
 */
const RECEIVER_V8_FLAGS = ['--heap-growing-percent=50'];

/** True when `distDir` holds the bundle of `name` and every input in its manifest is unchanged (a few stats, no reads). */
function isBundleFresh(name, distDir = DIST_DIR) {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(distDir, MANIFEST), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(manifest.entries) || !manifest.entries.includes(name) || !manifest.inputs) return false;
  if (!fs.existsSync(path.join(distDir, `${name}.js`))) return false;
  for (const [rel, recorded] of Object.entries(manifest.inputs)) {
    const stat = fs.statSync(path.join(ROOT, rel), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs !== recorded.mtimeMs || stat.size !== recorded.size) return false;
  }
  return true;
}

/** True when a rebuild could write its files into `distDir` (or create it). */
function canWrite(distDir) {
  for (let dir = distDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir)) {
      try {
        fs.accessSync(dir, fs.constants.W_OK);
        return true;
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** Rebuilds the bundles; false (and nothing written) when the build fails for any reason. */
function rebuild(distDir) {
  try {
    require(path.join(ROOT, 'scripts', 'build-dist.js')).buildDist({ outDir: distDir });
    return true;
  } catch {
    return false;
  }
}

/**
 * What to run for `name`: `{ kind: 'bundle', file }` or `{ kind: 'sources', file, reason }`. Options (for tests):
 * `distDir`, `env`, `rebuild` (false: never rebuild a stale bundle).
 */
function chooseEntry(name, options = {}) {
  const distDir = options.distDir || DIST_DIR;
  const env = options.env || process.env;
  const sources = (reason) => ({ kind: 'sources', file: SOURCE_ENTRIES[name], reason });
  if (!SOURCE_ENTRIES[name]) throw new Error(`unknown command ${name}: expected one of ${Object.keys(SOURCE_ENTRIES).join(', ')}`);
  if (env.GHL_PAYMENTS_FROM_SOURCE === '1') return sources('GHL_PAYMENTS_FROM_SOURCE=1');
  const bundle = { kind: 'bundle', file: path.join(distDir, `${name}.js`) };
  if (isBundleFresh(name, distDir)) return bundle;
  if (options.rebuild === false) return sources('the bundle is missing or older than the sources');
  if (!canWrite(distDir)) return sources(`the bundle is missing or stale and ${distDir} is not writable`);
  return rebuild(distDir) && isBundleFresh(name, distDir) ? bundle : sources('the bundle could not be rebuilt');
}

/** Runs the command `name` in this process. */
function launch(name) {
  const entry = chooseEntry(name);
  if (name === 'ghl-payments' && process.argv.slice(2).includes('runserver')) {
    for (const flag of RECEIVER_V8_FLAGS) require('node:v8').setFlagsFromString(flag);
  }
  if (entry.kind === 'sources') {
    require('tsx/cjs');
  } else {
    // Node.js 22.1+ keeps the compiled code of the bundle and its packages between runs (a no-op on Node.js 20)
    const { enableCompileCache } = require('node:module');
    if (typeof enableCompileCache === 'function') enableCompileCache();
  }
  require(entry.file);
}

module.exports = { chooseEntry, isBundleFresh, launch, DIST_DIR, SOURCE_ENTRIES, RECEIVER_V8_FLAGS };
