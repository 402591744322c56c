import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger } from '@ghl-payments/core';

const ROOT = path.resolve(__dirname, '../../..');

function readLines(file: string): Array<Record<string, unknown>> {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('closeLogger', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-close-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('resolves once every line given so far is in the file, in order, appended to what was there', async () => {
    const file = path.join(dir, 'webhook.log');
    fs.writeFileSync(file, '{"message":"from before"}\n');
    const logger = createLogger({ dir, console: false, defaultMeta: { process: 'worker' } });
    for (let i = 1; i <= 500; i += 1) logger.info(`line ${i}`, { n: i });
    await closeLogger(logger);
    const lines = readLines(file);
    const got = new Set(lines.map((l) => l.n)); expect(Array.from({ length: 500 }, (_, i) => i + 1).filter((n) => !got.has(n))).toEqual([]);
    expect(lines).toHaveLength(501);
    expect(lines.slice(1).map((l) => l.n)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(lines[1]).toMatchObject({ level: 'info', message: 'line 1', process: 'worker' });
    expect(new Date(lines[1].timestamp as string).toISOString()).toBe(lines[1].timestamp);
  });

  it('can be called again, and a line logged after it is dropped without an error', async () => {
    const logger = createLogger({ dir, console: false });
    logger.warn('before the close');
    const first = closeLogger(logger);
    expect(closeLogger(logger)).toBe(first);
    await first;
    expect(() => logger.info('after the close')).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(readLines(path.join(dir, 'webhook.log')).map((l) => l.message)).toEqual(['before the close']);
  });

  it('lets a process that calls process.exit right after it keep every line, on the console and in the file', () => {
    const script = path.join(dir, 'script.ts');
    fs.writeFileSync(script, `
      import { closeLogger, createLogger } from ${JSON.stringify(path.join(ROOT, 'packages/core/src'))};
      const logger = createLogger({ dir: ${JSON.stringify(dir)}, defaultMeta: { process: 'worker' } });
      for (let i = 1; i <= 3; i += 1) logger.info('last words', { n: i });
      void closeLogger(logger).then(() => process.exit(3));
    `);
    const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d info {2}\[worker\] last words n=1\n.* n=2\n.* n=3\n$/);
    expect(readLines(path.join(dir, 'webhook.log')).map((l) => l.n)).toEqual([1, 2, 3]);
  });
});
