import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BackupSummary } from '../../store';

/**
 * Copies a SQLite database into `destination` with SQLite's online backup API, while the receiver and workers keep
 * writing: the copy is consistent (committed data, the WAL included). It runs on a connection of its own, is written
 * to `<destination>.partial`, checked with `integrity_check`, then renamed into place, so a crash never leaves a half
 * backup under the final name.
 */
export async function backupSqliteFile(source: string, busyTimeoutMs: number, destination: string): Promise<BackupSummary> {
  const partial = `${destination}.partial`;
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  fs.rmSync(partial, { force: true });
  const from = new BetterSqlite3(source, { fileMustExist: true });
  try {
    from.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
    await from.backup(partial);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    from.close();
  }
  const copy = new BetterSqlite3(partial, { fileMustExist: true });
  let summary: { events: number; payments: number };
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
    const count = (table: string) => Number((copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
    summary = { events: count('webhook_events'), payments: count('payments') };
  } catch (err) {
    copy.close();
    fs.rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  fs.renameSync(partial, destination);
  return { file: destination, bytes: fs.statSync(destination).size, ...summary };
}
