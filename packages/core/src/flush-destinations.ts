import type { LineSink } from './line-sink';

/** What a sink's flush failure is reported to. */
export type FlushFailure = (sink: LineSink, err: Error) => void;

const pending = new Map<LineSink, FlushFailure>();
const open = new Map<LineSink, FlushFailure>();
let scheduled = false;
let exitHooked = false;

/**
 * Writes what `sink` buffers once the current turn of the event loop is done: every line logged in that turn, by any
 * transport, goes out in one system call per descriptor.
 */
export function scheduleFlush(sink: LineSink, onFailure: FlushFailure): void {
  pending.set(sink, onFailure);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushPending);
}

/** Keeps `sink` on the list written out synchronously when the process exits. */
export function flushOnExit(sink: LineSink, onFailure: FlushFailure): void {
  open.set(sink, onFailure);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', flushAllOpen);
}

/** Forgets a sink that is being closed. */
export function forgetSink(sink: LineSink): void {
  pending.delete(sink);
  open.delete(sink);
}

/** Writes out every sink with lines waiting, now. */
export function flushPending(): void {
  scheduled = false;
  const due = [...pending];
  pending.clear();
  for (const [sink, onFailure] of due) flushReporting(sink, onFailure);
}

function flushAllOpen(): void {
  for (const [sink, onFailure] of open) flushReporting(sink, onFailure);
}

function flushReporting(sink: LineSink, onFailure: FlushFailure): void {
  try {
    sink.flush();
  } catch (err) {
    onFailure(sink, err as Error);
  }
}
