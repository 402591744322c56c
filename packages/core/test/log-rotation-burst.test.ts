import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Small enough that every burst below rotates the file at least once. */
const MAX_SIZE = 8 * 1024;
/** Lines logged in one turn of the event loop: well over the 16 KiB a file stream buffers before it asks to wait. */
const BURST_LINES = 150;
const BURSTS = 12;
/**
 * Each round ends the logger right after a burst, so the close lands while that burst's rotation is under way. Odd
 * rounds start bursting at once, while the file is still opening; even ones once it is open.
 */
const ROUNDS = 4;
/** Enough files that rotation deletes none of the lines logged here. */
const MAX_FILES = 64;
const PADDING = 'x'.repeat(60);

/** The log files in `dir` (not hidden bookkeeping files or links), read whole. */
function readLogFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && !entry.name.startsWith('.')) files.set(entry.name, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
  }
  return files;
}

describe('log rotation under bursts (LOG_MAX_SIZE)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-burst-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('keeps every line, once, in files near the size, and closes during a rotation without an error', () => {
    // a process of its own: an unhandled error in a transport would crash it, and a lost line is warned on stderr
    const script = path.join(dir, 'burst.ts');
    fs.writeFileSync(script, `
      import path from 'node:path';
      import { closeLogger, createLogger } from ${JSON.stringify(path.join(ROOT, 'packages/core/src'))};
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      async function main() {
        for (let round = 1; round <= ${ROUNDS}; round += 1) {
          const logger = createLogger({ dir: path.join(${JSON.stringify(dir)}, 'round' + round), console: false, maxSizeBytes: ${MAX_SIZE}, maxFiles: ${MAX_FILES} });
          let n = 0;
          if (round % 2 === 0) { logger.info('opened', { n: 0 }); await new Promise((resolve) => setTimeout(resolve, 50)); }
          for (let burst = 1; burst <= ${BURSTS}; burst += 1) {
            for (let i = 0; i < ${BURST_LINES}; i += 1) { n += 1; logger.info('burst line', { n, pad: ${JSON.stringify(PADDING)} }); }
            if (burst < ${BURSTS}) await turn();
          }
          await closeLogger(logger);
        }
      }
      void main().then(() => process.exit(0));
    `);
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });

    const total = BURSTS * BURST_LINES;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const files = readLogFiles(path.join(dir, `round${round}`));
      const seen = new Map<number, number>();
      let longestLine = 0;
      for (const text of files.values()) {
        for (const line of text.split('\n').filter(Boolean)) {
          const n = (JSON.parse(line) as { n: number }).n;
          if (n === 0) continue;
          seen.set(n, (seen.get(n) ?? 0) + 1);
          longestLine = Math.max(longestLine, Buffer.byteLength(line) + 1);
        }
      }
      const missing = Array.from({ length: total }, (_, i) => i + 1).filter((n) => !seen.has(n));
      const repeated = [...seen].filter(([, count]) => count > 1).map(([n]) => n);
      expect({ round, missing, repeated, count: seen.size }).toEqual({ round, missing: [], repeated: [], count: total });
      expect(files.size).toBeGreaterThan(BURSTS); // it did rotate, at least once a burst
      expect(files.size).toBeLessThan(MAX_FILES);
      // a file is rotated once it has reached the size: it ends at most one line past it
      for (const [name, text] of files) expect({ name, bytes: Buffer.byteLength(text) <= MAX_SIZE + longestLine }).toEqual({ name, bytes: true });
    }
  });
});
