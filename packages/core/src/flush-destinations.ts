import type { LineSink } from './line-sink';

const pending = new Set<LineSink>();
const open = new Set<LineSink>();
let scheduled = false;
let exitHooked = false;

/**
 * Writes what `sink` buffers once the current turn of the event loop is done: every line logged in that turn, by any
 * transport, goes out in one system call per descriptor.
 */
export function scheduleFlush(sink: LineSink): void {
  pending.add(sink);
  if (scheduled) return;
  scheduled = true;
  setImmediate(flushPending);
}

/** Keeps `sink` on the list written out synchronously when the process exits. */
export function flushOnExit(sink: LineSink): void {
  open.add(sink);
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
  for (const sink of due) flushReporting(sink);
}

function flushAllOpen(): void {
  for (const sink of open) flushReporting(sink);
}

function flushReporting(sink: LineSink): void {
  try {
    sink.flush();
  } catch (err) {
    sink.onFailure(err as Error);
  }
}
