/** Live progress on a terminal: one status line redrawn in place, with notes printed above it. */
export interface ProgressLine {
  /** Prints a line of its own (above the status line on a terminal). */
  note(text: string): void;
  /** Replaces the status line (drawn only when it changed). */
  update(text: string): void;
  /** Leaves the status line as it is and moves below it. */
  finish(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

/** Draws in place when `out` is a TTY, else prints plain lines (logs, CI, pipes). */
export function createProgressLine(out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }): ProgressLine {
  const tty = Boolean(out.isTTY);
  let current = '';
  let printed = '';
  const fit = (text: string) => (out.columns && text.length >= out.columns ? `${text.slice(0, out.columns - 2)}…` : text);
  return {
    note(text) {
      if (tty && current) out.write(CLEAR_LINE);
      out.write(`${text}\n`);
      if (tty && current) out.write(fit(current));
    },
    update(text) {
      current = text;
      if (text === printed) return;
      out.write(tty ? CLEAR_LINE + fit(text) : `${text}\n`);
      printed = text;
    },
    finish() {
      if (tty && current) out.write('\n');
      current = '';
    },
  };
}

/** `[#######---]` for done out of total. */
export function formatBar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
