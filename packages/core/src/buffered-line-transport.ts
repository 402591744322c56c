import fs from 'node:fs';
import path from 'node:path';
import TransportStream from 'winston-transport';
import { flushOnExit, forgetSink, scheduleFlush } from './flush-destinations';
import { LineSink } from './line-sink';
import { MESSAGE } from './log-formats';
import { rotateLogFiles } from './rotate-log-files';

/** Lines buffered in one turn beyond this are dropped (a runaway loop must not exhaust memory). */
const DEFAULT_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

/** Where the lines go: an open descriptor (2 for the console), or a file rotated by size. */
export type LineTarget =
  | { fd: number }
  | { filename: string; maxSizeBytes: number | null; maxFiles: number };

export interface BufferedLineTransportOptions extends TransportStream.TransportStreamOptions {
  target: LineTarget;
  maxBufferBytes?: number;
}

/**
 * A winston transport that buffers the formatted lines and writes them out once the current turn of the event loop is
 * done: one system call per turn and destination, however many lines the turn logged (winston's Console makes one
 * synchronous write per line; its File pipes each line through two streams and the thread pool). Writes stay
 * synchronous, as with winston's Console, so the order of lines is kept; what a turn left buffered is written when the
 * process exits, crashes included. A file target rotates by size, "tailable" like winston's File transport:
 * webhook.log stays current; older content moves to webhook1.log, webhook2.log, …
 */
export class BufferedLineTransport extends TransportStream {
  readonly filename: string | null;
  readonly maxSizeBytes: number | null;
  readonly maxFiles: number;
  private readonly maxBufferBytes: number;
  private sink: LineSink;
  private size = 0;
  private warned = false;

  constructor(options: BufferedLineTransportOptions) {
    super(options);
    const { target } = options;
    this.maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    if ('fd' in target) {
      this.filename = null;
      this.maxSizeBytes = null;
      this.maxFiles = 1;
      this.sink = this.openSink(target.fd, false);
    } else {
      this.filename = target.filename;
      this.maxSizeBytes = target.maxSizeBytes;
      this.maxFiles = Math.max(1, target.maxFiles);
      fs.mkdirSync(path.dirname(target.filename), { recursive: true });
      this.sink = this.openFile();
    }
  }

  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    const line = `${String(info[MESSAGE])}\n`;
    if (this.maxSizeBytes !== null) {
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxSizeBytes) this.rotateFile();
      this.size += bytes;
    }
    if (this.sink.write(line)) scheduleFlush(this.sink);
    else if (!this.sink.stalled) this.warn(new Error('more than maxBufferBytes logged in one turn of the event loop: line dropped'));
    this.emit('logged', info);
    callback();
  }

  /** Called when the logger ends: 'finish' comes once every line is written and the file closed. */
  override _final(callback: (error?: Error | null) => void): void {
    this.closeSink(this.sink);
    callback();
  }

  /** Opened synchronously, so a line logged just before the process exits is never lost to a pending open. */
  private openFile(): LineSink {
    const fd = fs.openSync(this.filename!, 'a');
    this.size = fs.fstatSync(fd).size;
    return this.openSink(fd, true);
  }

  private openSink(fd: number, ownsFd: boolean): LineSink {
    const sink = new LineSink(fd, this.maxBufferBytes, ownsFd, (err) => this.warn(err));
    flushOnExit(sink);
    return sink;
  }

  /** The lines given so far are written to the file before it is renamed; the next ones go to a new webhook.log. */
  private rotateFile(): void {
    const previous = this.sink;
    try {
      previous.flush();
      rotateLogFiles(this.filename!, this.maxFiles);
      this.sink = this.openFile();
    } catch (err) {
      this.size = 0; // keep writing where we are; try again after another maxSizeBytes
      this.warn(err as Error);
      return;
    }
    this.closeSink(previous);
  }

  private closeSink(sink: LineSink): void {
    forgetSink(sink);
    try {
      sink.close();
    } catch (err) {
      this.warn(err as Error);
    }
  }

  /** Emits 'warn' for every failure and a process warning for the first: a full disk must not crash the process. */
  private warn(err: Error): void {
    this.emit('warn', err);
    if (this.warned) return;
    this.warned = true;
    process.emitWarning(`log lines lost (${this.filename ?? `descriptor ${this.sink.fd}`}): ${err.message}`);
  }
}
