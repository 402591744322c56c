import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, Logger } from '@ghl-payments/core';

function finish(logger: Logger): Promise<void> {
  return new Promise((resolve) => { logger.on('finish', () => setTimeout(resolve, 50)); logger.end(); });
}

describe('createLogger level methods', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logger-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('drops lines below the level at once, and follows a level changed later', async () => {
    const logger = createLogger({ level: 'info', dir, console: false, secrets: ['s3cr3t-value'] });
    expect(logger.debug('hidden debug line')).toBe(logger);
    logger.info('visible info line with s3cr3t-value');
    logger.level = 'debug';
    logger.debug('debug line after the change', { eventId: 7 });
    await finish(logger);
    const lines = fs.readFileSync(path.join(dir, 'webhook.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.message)).toEqual(['visible info line with [REDACTED]', 'debug line after the change']);
    expect(lines[1]).toMatchObject({ level: 'debug', eventId: 7 });
  });
});
