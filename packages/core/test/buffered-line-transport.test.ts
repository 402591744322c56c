import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import { BufferedLineTransport, createLogger, formatConsoleLine, jsonLineFormat, Logger, stringifyLogValue } from '@ghl-payments/core';

const ROOT = path.resolve(__dirname, '../../..');
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function closeLogger(logger: Logger): Promise<void> {
  const files = logger.transports.filter((t) => t instanceof BufferedLineTransport);
  const finished = Promise.all(files.map((t) => new Promise((resolve) => t.once('finish', resolve))));
  logger.end();
  return finished.then(() => undefined);
}

/** Runs a script in a child process with the project's TypeScript loader; returns its exit status and output. */
function runScript(source: string, dir: string): { status: number | null; stderr: string } {
  const file = path.join(dir, 'script.ts');
  fs.writeFileSync(file, source);
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('BufferedLineTransport', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-lines-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('writes the lines of one turn together once the turn is done, in order', async () => {
    const logger = createLogger({ dir, console: false });
    const file = path.join(dir, 'webhook.log');
    for (let i = 1; i <= 50; i += 1) logger.info(`line ${i}`, { n: i });
    expect(fs.readFileSync(file, 'utf8')).toBe(''); // still this turn: nothing written yet
    await nextTurn();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { message: string; n: number; level: string; timestamp: string });
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(lines[0]).toMatchObject({ level: 'info', message: 'line 1' });
    expect(new Date(lines[0].timestamp).toISOString()).toBe(lines[0].timestamp);
    await closeLogger(logger);
  });

  it('appends to an existing file and, on close, has written everything before finish', async () => {
    const file = path.join(dir, 'webhook.log');
    fs.writeFileSync(file, '{"message":"from before"}\n');
    const logger = createLogger({ dir, console: false });
    logger.warn('after a restart');
    await closeLogger(logger); // no turn passed: the close itself writes the line out
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'warn', message: 'after a restart' });
  });

  it('with one file kept, rotation starts the file again', async () => {
    const logger = createLogger({ dir, console: false, maxSizeBytes: 1024, maxFiles: 1 });
    for (let i = 1; i <= 40; i += 1) logger.info(`line ${String(i).padStart(2, '0')} ${'y'.repeat(60)}`);
    await closeLogger(logger);
    expect(fs.readdirSync(dir)).toEqual(['webhook.log']);
    const text = fs.readFileSync(path.join(dir, 'webhook.log'), 'utf8');
    expect(text.length).toBeLessThan(1024);
    expect(text).toContain('line 40');
    expect(text).not.toContain('line 01');
  });

  it('a failing descriptor gives a warning, never an exception in the caller', async () => {
    const fd = fs.openSync(path.join(dir, 'closed.log'), 'a');
    const transport = new BufferedLineTransport({ target: { fd }, format: jsonLineFormat() });
    const logger = winston.createLogger({ transports: [transport] });
    const warnings: Error[] = [];
    transport.on('warn', (err: Error) => warnings.push(err));
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    fs.closeSync(fd); // the descriptor goes away behind the transport's back
    try {
      expect(() => logger.info('one')).not.toThrow();
      await nextTurn();
      expect(() => logger.info('two')).not.toThrow();
      await nextTurn();
      expect(warnings).toHaveLength(2);
      expect(warnings[0].message).toMatch(/EBADF|bad file descriptor/i);
      expect(emitWarning).toHaveBeenCalledTimes(1); // once per destination, not once per line
      expect(String(emitWarning.mock.calls[0][0])).toMatch(/^log lines lost \(descriptor \d+\): /);
    } finally {
      emitWarning.mockRestore();
      logger.end(); // forgets the sink: nothing is written to that descriptor number at exit
    }
  });

  it('a reader that stops reading is reported once; the lines dropped while it stalls are not each reported again', async () => {
    // a child that never reads its stdin: the pipe fills up and the non-blocking descriptor answers EAGAIN
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    const transport = new BufferedLineTransport({ target: { fd }, format: jsonLineFormat(), maxBufferBytes: 64 * 1024 * 1024 });
    const logger = winston.createLogger({ transports: [transport] });
    const warnings: Error[] = [];
    transport.on('warn', (err: Error) => warnings.push(err));
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      logger.info('x'.repeat(8 * 1024 * 1024)); // far more than a pipe holds
      await nextTurn();
      for (let i = 0; i < 3; i += 1) logger.info('dropped while the reader is stalled');
      await nextTurn();
      expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/EAGAIN/)]);
      expect(emitWarning).toHaveBeenCalledTimes(1);
    } finally {
      emitWarning.mockRestore();
      logger.end();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('writes what is buffered when the process exits in the same turn, even on an uncaught exception', () => {
    const source = (ending: string): string => `
      import { createLogger } from ${JSON.stringify(path.join(ROOT, 'packages/core/src'))};
      const logger = createLogger({ dir: ${JSON.stringify(dir)}, defaultMeta: { process: 'worker' } });
      for (let i = 1; i <= 3; i += 1) logger.info('last words', { n: i });
      ${ending}
    `;
    const exited = runScript(source('process.exit(3);'), dir);
    expect(exited.status).toBe(3);
    expect(exited.stderr).toMatch(/^\d\d:\d\d:\d\d info {2}\[worker\] last words n=1\n.* n=2\n.* n=3\n$/);
    const crashed = runScript(source("throw new Error('boom');"), dir);
    expect(crashed.status).not.toBe(0);
    expect(crashed.stderr).toContain('boom');
    expect(crashed.stderr).toContain('last words n=3');
    const lines = fs.readFileSync(path.join(dir, 'webhook.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { n: number; process: string });
    expect(lines.map((l) => l.n)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(lines[0].process).toBe('worker');
  });
});

describe('log line formats', () => {
  it('the console line has its columns, then every other field as key=value', () => {
    const at = new Date(2026, 10, 30, 9, 5, 7);
    const line = formatConsoleLine({ level: 'info', message: 'attempt done', process: 'worker', service: 'x', eventId: 7, detail: { a: 1 }, gone: null }, at);
    expect(line).toBe('09:05:07 info  [worker] attempt done eventId=7 detail={"a":1} gone=null');
  });

  it('stringifies what JSON.stringify refuses (a cycle, a BigInt) instead of throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(stringifyLogValue(cyclic)).toBe('{"a":1,"self":"[Circular]"}');
    expect(stringifyLogValue({ big: 10n })).toBe('{"big":10}');
    expect(stringifyLogValue(undefined)).toBe('undefined');
  });
});
