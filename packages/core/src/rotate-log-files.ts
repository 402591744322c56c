import fs from 'node:fs';
import path from 'node:path';

/** `webhook.log` for 0, `webhook1.log`, `webhook2.log`, … for the rotated files. */
export function formatRotatedName(filename: string, n: number): string {
  if (n === 0) return filename;
  const ext = path.extname(filename);
  return path.join(path.dirname(filename), `${path.basename(filename, ext)}${n}${ext}`);
}

/**
 * "Tailable" rotation, as winston's File transport does it: the oldest kept file is deleted, every other one moves up
 * a number (webhook1.log → webhook2.log …) and the current file becomes webhook1.log; the caller then opens a new one.
 * With maxFiles 1 the current file is simply deleted.
 */
export function rotateLogFiles(filename: string, maxFiles: number): void {
  fs.rmSync(formatRotatedName(filename, maxFiles - 1), { force: true });
  for (let n = maxFiles - 2; n >= 0; n -= 1) {
    const from = formatRotatedName(filename, n);
    if (fs.existsSync(from)) fs.renameSync(from, formatRotatedName(filename, n + 1));
  }
}
