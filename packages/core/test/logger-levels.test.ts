import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger } from '@ghl-payments/core';

describe('createLogger level methods', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-logger-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('writes only lines at or above the level, and follows a level changed later', async () => {
    const logger = createLogger({ level: 'info', dir, console: false, secrets: ['s3cr3t-value'] });
    expect(logger.debug('hidden debug line')).toBe(logger);
    logger.info('visible info line with s3cr3t-value');
    logger.level = 'debug';
    logger.debug('debug line after the change', { eventId: 7 });
    await closeLogger(logger);
    const lines = fs.readFileSync(path.join(dir, 'webhook.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.message)).toEqual(['visible info line with [REDACTED]', 'debug line after the change']);
    expect(lines[1]).toMatchObject({ level: 'debug', eventId: 7 });
  });

  it('redacts bearer tokens, URL passwords and secret-named fields even with no known secrets', async () => {
    const logger = createLogger({ level: 'info', dir, console: false });
    logger.info('GET with Authorization: Bearer abc.DEF-123', { url: 'postgres://app:hunter2@db:5432/x', request: { headers: { authorization: 'Basic Zm9vOmJhcg==' } } });
    await closeLogger(logger);
    const text = fs.readFileSync(path.join(dir, 'webhook.log'), 'utf8');
    expect(text).not.toMatch(/abc\.DEF-123|hunter2|Zm9vOmJhcg==/);
    expect(JSON.parse(text)).toMatchObject({
      message: 'GET with Authorization: Bearer [REDACTED]',
      url: 'postgres://app:[REDACTED]@db:5432/x',
      request: { headers: { authorization: '[REDACTED]' } },
    });
  });
});
