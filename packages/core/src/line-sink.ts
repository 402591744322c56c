import fs from 'node:fs';

/** How long a write waits, in all, for a destination that answers EAGAIN (a full non-blocking pipe) before it gives up. */
const MAX_WAIT_MS = 100;
/** After giving up, new lines are dropped for this long rather than stall the process on every turn. */
const PAUSE_AFTER_STALL_MS = 5000;
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
  private pausedUntil = 0;

  /**
   * @param maxBufferBytes lines beyond this wait nowhere: they are dropped (counted in characters, which is what log
   *   text nearly always weighs in bytes)
   * @param onFailure told what a flush that runs at the end of a turn or at exit could not write
   */
  constructor(
    readonly fd: number,
    private readonly maxBufferBytes: number,
    private readonly ownsFd: boolean,
    readonly onFailure: (err: Error) => void,
  ) {}

  /** Buffers one line; false when it was dropped (maxBufferBytes already waiting, or the reader stalled a moment ago). */
  write(line: string): boolean {
    if (this.closed) return false;
    if (this.pausedUntil !== 0) {
      if (Date.now() < this.pausedUntil) return false; // the reader is stalled (a paused terminal, a full pipe)
      this.pausedUntil = 0;
    }
    if (this.bytes + line.length > this.maxBufferBytes) return false;
    this.chunks.push(line);
    this.bytes += line.length;
    return true;
  }

  get pendingBytes(): number {
    return this.bytes;
  }

  /** True while new lines are dropped because the reader stalled a moment ago (that stall was already reported). */
  get stalled(): boolean {
    return this.pausedUntil !== 0 && Date.now() < this.pausedUntil;
  }

  /**
   * Writes every buffered line now. Throws what the descriptor reports (the lines are then dropped, not retried); a
   * reader that stays stalled for MAX_WAIT_MS makes the sink drop new lines for PAUSE_AFTER_STALL_MS.
   */
  flush(): void {
    if (this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.length === 1 ? this.chunks[0] : this.chunks.join(''), 'utf8');
    this.chunks = [];
    this.bytes = 0;
    try {
      writeFully(this.fd, data);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') this.pausedUntil = Date.now() + PAUSE_AFTER_STALL_MS;
      throw err;
    }
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
