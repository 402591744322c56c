import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import { closeLogger, createLogger, loadConfig, Logger } from '@ghl-payments/core';
import { createProcessLogger } from '../src/create-process-logger';

const LINE_BYTES = 90; // each line below, as JSON, stays under this

/** Logs lines `from`..`to` a few per turn of the event loop, as a busy process does. */
async function logNumbered(logger: Logger, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i += 1) {
    logger.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The numbers of the lines in `names`, read in that order. */
function lineNumbers(dir: string, names: string[]): number[] {
  return names
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => Number(/^line (\d+)/.exec((JSON.parse(line) as { message: string }).message)![1]));
}

describe('log rotation of webhook.log (LOG_MAX_SIZE, LOG_MAX_FILES)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logs-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('createProcessLogger takes both settings from the configuration', async () => {
    const rotated = path.join(dir, 'rotated');
    const logger = createProcessLogger(loadConfig({ LOG_DIR: rotated, LOG_MAX_SIZE: '2k', LOG_MAX_FILES: '3' }), 'worker');
    logger.transports.forEach((t) => { t.silent = t instanceof winston.transports.Console; }); // the file only
    await logNumbered(logger, 1, 200);
    await closeLogger(logger);
    expect(fs.readdirSync(rotated).sort()).toEqual(['webhook.log', 'webhook1.log', 'webhook2.log']);

    const off = path.join(dir, 'off');
    const never = createProcessLogger(loadConfig({ LOG_DIR: off, LOG_MAX_SIZE: 'off', LOG_MAX_FILES: '3' }), 'worker');
    never.transports.forEach((t) => { t.silent = t instanceof winston.transports.Console; });
    await logNumbered(never, 1, 200);
    await closeLogger(never);
    expect(fs.readdirSync(off)).toEqual(['webhook.log']);
    expect(lineNumbers(off, ['webhook.log'])).toHaveLength(200);
  });

  it('rotates at the size, keeps the newest lines and deletes files beyond the retention', async () => {
    const logger = createLogger({ dir, console: false, maxSizeBytes: 2048, maxFiles: 3 });
    await logNumbered(logger, 1, 200);
    await closeLogger(logger);
    // webhook.log is the current file, webhook1.log the one before, webhook2.log the oldest kept
    expect(fs.readdirSync(dir).sort()).toEqual(['webhook.log', 'webhook1.log', 'webhook2.log']);
    // a file is rotated as soon as a line takes it to the size: it ends at most one line past it
    for (const name of ['webhook.log', 'webhook1.log', 'webhook2.log']) expect(fs.statSync(path.join(dir, name)).size).toBeLessThan(2048 + LINE_BYTES);
    // oldest to newest: every line once, in order, ending with the last; the first lines were deleted with webhook3.log
    const numbers = lineNumbers(dir, ['webhook2.log', 'webhook1.log', 'webhook.log']);
    expect(numbers[numbers.length - 1]).toBe(200);
    expect(numbers[0]).toBeGreaterThan(1);
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0] + i));
  });
});
