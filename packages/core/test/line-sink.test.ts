import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineSink } from '../src/line-sink';

describe('LineSink', () => {
  it('writes buffered lines in one go and keeps their order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-sink-'));
    try {
      const fd = fs.openSync(path.join(dir, 'out.log'), 'a');
      const sink = new LineSink(fd, 1024 * 1024, true, () => undefined);
      for (let i = 1; i <= 5; i += 1) expect(sink.write(`line ${i}\n`)).toBe(true);
      expect(sink.pendingBytes).toBe(35);
      expect(fs.readFileSync(path.join(dir, 'out.log'), 'utf8')).toBe('');
      sink.flush();
      expect(sink.pendingBytes).toBe(0);
      sink.write('a last line with ü and €\n');
      sink.close(); // writes what is left, closes the file it was given
      expect(fs.readFileSync(path.join(dir, 'out.log'), 'utf8')).toBe('line 1\nline 2\nline 3\nline 4\nline 5\na last line with ü and €\n');
      expect(() => fs.fstatSync(fd)).toThrow(/EBADF/);
      expect(sink.write('after close\n')).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('drops lines beyond maxBufferBytes instead of growing without end', () => {
    const sink = new LineSink(2, 20, false, () => undefined);
    expect(sink.write('0123456789\n')).toBe(true);
    expect(sink.write('0123456789\n')).toBe(false);
    expect(sink.pendingBytes).toBe(11);
    expect(sink.stalled).toBe(false); // a full buffer, not a stalled reader
  });

  it('gives up on a reader that does not read (a full pipe), then drops new lines for a while instead of stalling', async () => {
    // a child that never reads its stdin: the pipe fills up and the non-blocking descriptor answers EAGAIN
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
      const sink = new LineSink(fd, 64 * 1024 * 1024, false, () => undefined);
      sink.write(`${'x'.repeat(8 * 1024 * 1024)}\n`); // far more than a pipe holds
      const started = Date.now();
      expect(() => sink.flush()).toThrow(/EAGAIN/);
      expect(Date.now() - started).toBeLessThan(2000); // a bounded wait, not a hang
      expect(sink.stalled).toBe(true);
      expect(sink.write('next line\n')).toBe(false); // paused: the process is not stalled again on the next turn
      expect(sink.pendingBytes).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });
});
