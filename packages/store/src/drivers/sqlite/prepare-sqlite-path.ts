import fs from 'node:fs';
import path from 'node:path';

/**
 * A SQLite database path that cannot be used (a folder that cannot be created, a read-only file or folder). Its
 * message is one line naming the path and the cause, meant to be shown as it is.
 */
export class SqlitePathError extends Error {
  override readonly name = 'SqlitePathError';
}

/** errno codes that mean "this place cannot be written", as the words an operator reads. */
function describeWriteError(code: string | undefined): string | undefined {
  if (code === 'EROFS') return 'is on a read-only file system';
  if (code === 'EACCES' || code === 'EPERM') return 'is read-only for this user (no write permission)';
  return undefined;
}

/** Throws when `target` (a folder or file) exists but cannot be written. */
function requireWritable(target: string, what: string, context: string): void {
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SqlitePathError(`${context}: ${what} ${target} ${describeWriteError(code) ?? `cannot be written (${code})`}`);
  }
}

/** The nearest existing ancestor of `folder` (itself when it exists). */
function findExistingAncestor(folder: string): string {
  let current = folder;
  while (!fs.existsSync(current)) {
    const parent = path.dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/**
 * Checks, before SQLite opens it, that the database file can be used, and creates its folder when needed, so a bad
 * DATABASE_URL fails at once with one line ("cannot create /proc/x: no such directory …", "… is read-only")
 * instead of a stack trace or a silent wait. Folders are created one level at a time: Node's recursive
 * mkdir can loop forever on special file systems such as /proc.
 */
export function prepareSqlitePath(filename: string): void {
  const folder = path.dirname(filename);
  const context = `cannot use the SQLite database ${filename}`;
  if (fs.existsSync(filename)) {
    if (fs.statSync(filename).isDirectory()) throw new SqlitePathError(`${context}: it is a folder, not a database file`);
    requireWritable(filename, 'the file', context);
    requireWritable(folder, 'the folder', `${context} (SQLite writes its -wal and -shm files next to it)`);
    return;
  }
  const existing = findExistingAncestor(folder);
  if (!fs.statSync(existing).isDirectory()) {
    throw new SqlitePathError(`cannot create ${filename}: ${existing} is a file, not a folder`);
  }
  requireWritable(existing, 'the folder', `cannot create ${filename}`);
  const missing = path.relative(existing, folder).split(path.sep).filter(Boolean);
  let current = existing;
  for (const part of missing) {
    const next = path.join(current, part);
    try {
      fs.mkdirSync(next);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') { current = next; continue; } // another process made it meanwhile
      const why = describeWriteError(code)
        ?? (code === 'ENOENT' ? 'does not allow creating it' : `refused it (${code})`);
      throw new SqlitePathError(`cannot create ${next}: no such directory, and ${current} ${why}`);
    }
    current = next;
  }
  // create the (empty) file now, so a folder that refuses new files says why, instead of SQLite's "unable to open"
  try {
    fs.closeSync(fs.openSync(filename, 'wx'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    throw new SqlitePathError(`cannot create ${filename}: the folder ${folder} ${describeWriteError(code) ?? `refused it (${code})`}`);
  }
}
