import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BufferedLineTransport, createLogger, loadConfig, Logger } from '@ghl-payments/core';
import { createProcessLogger } from '../src/create-process-logger';

/** Resolves once every file transport has written out what it was given. */
async function closeLogger(logger: Logger): Promise<void> {
  const files = logger.transports.filter((t) => t instanceof BufferedLineTransport && t.filename !== null);
  const flushed = Promise.all(files.map((t) => new Promise((resolve) => t.once('finish', resolve))));
  logger.end();
  await flushed;
}

describe('log rotation of webhook.log (LOG_MAX_SIZE, LOG_MAX_FILES)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logs-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('createProcessLogger takes both settings from the configuration', async () => {
    const config = loadConfig({ LOG_DIR: dir, LOG_MAX_SIZE: '2k', LOG_MAX_FILES: '3' });
    const logger = createProcessLogger(config, 'worker');
    const isFile = (t: unknown): boolean => t instanceof BufferedLineTransport && t.filename !== null;
    expect(logger.transports.find(isFile)).toMatchObject({ filename: path.join(dir, 'webhook.log'), maxSizeBytes: 2048, maxFiles: 3 });
    logger.transports.filter((t) => !isFile(t)).forEach((t) => logger.remove(t));
    await closeLogger(logger);
    const off = createProcessLogger(loadConfig({ LOG_DIR: dir, LOG_MAX_SIZE: 'off' }), 'worker');
    expect(off.transports.find(isFile)).toMatchObject({ maxSizeBytes: null });
    off.transports.filter((t) => !isFile(t)).forEach((t) => off.remove(t));
    await closeLogger(off);
  });

  it('rotates at the size, keeps the newest lines and deletes files beyond the retention', async () => {
    const logger = createLogger({ dir, console: false, maxSizeBytes: 2048, maxFiles: 3 });
    const file = logger.transports[0];
    for (let i = 1; i <= 200; i += 1) {
      const logged = new Promise((resolve) => file.once('logged', resolve));
      logger.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(60)}`);
      await logged;
    }
    await closeLogger(logger);
    expect(fs.readdirSync(dir).sort()).toEqual(['webhook.log', 'webhook1.log', 'webhook2.log']);
    // a line that would take the file past the size starts the next file: no file is larger than the size
    for (const name of ['webhook.log', 'webhook1.log', 'webhook2.log']) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(2048);
    // oldest to newest: the numbers only go up, end with the last line, and the first lines were deleted with webhook3.log
    const numbers = ['webhook2.log', 'webhook1.log', 'webhook.log']
      .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean))
      .map((line) => Number(/^line (\d+)/.exec((JSON.parse(line) as { message: string }).message)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers[numbers.length - 1]).toBe(200);
    expect(numbers[0]).toBeGreaterThan(1);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
