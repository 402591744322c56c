import fs from 'node:fs';

/** How long a write waits, in all, for a destination that answers EAGAIN (a full non-blocking pipe) before it gives up. */
const MAX_WAIT_MS = 1000;
const waitCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Lines for one descriptor, kept in memory until flush() writes them with one synchronous system call. It exists
 * because the libraries that buffer log output either write through the thread pool or, like sonic-boom's flushSync,
 * fsync the file on every flush — both cost more per batch than the lines themselves.
 */
export class LineSink {
  private chunks: string[] = [];
  private bytes = 0;
  private closed = false;

  constructor(readonly fd: number, private readonly maxBufferBytes: number, private readonly ownsFd: boolean) {}

  /** Buffers one line; false when it was dropped because maxBufferBytes are already waiting. */
  write(line: string): boolean {
    if (this.closed) return false;
    if (this.bytes + line.length > this.maxBufferBytes) return false;
    this.chunks.push(line);
    this.bytes += line.length;
    return true;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  /** Writes every buffered line now. Throws what the descriptor reports (the lines are then dropped, not retried). */
  flush(): void {
    if (this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.length === 1 ? this.chunks[0] : this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.bytes = 0;
    writeFully(this.fd, data);
  }

  /** Writes what is left and closes the descriptor if this sink opened it (never the console's). */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      if (this.ownsFd) fs.closeSync(this.fd);
    }
  }
}

function writeFully(fd: number, data: Buffer): void {
  let offset = 0;
  let waitedMs = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(fd, data, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || waitedMs >= MAX_WAIT_MS) throw err;
      Atomics.wait(waitCell, 0, 0, 1); // a full pipe: give the reader a millisecond
      waitedMs += 1;
    }
  }
}
