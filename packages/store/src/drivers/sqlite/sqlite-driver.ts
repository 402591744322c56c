import knexFactory, { Knex } from 'knex';
import type { EventRow } from '../../event-types';
import type { ClaimOptions } from '../../store';
import type { Driver } from '../driver';
import { backupSqliteFile } from './backup-sqlite';
import { createLocalWaker, listenForLocalWake } from './local-wake';
import { prepareSqlitePath } from './prepare-sqlite-path';
import { PreparingConnection, reuseStatements } from './reuse-statements';

export interface SqliteTarget {
  filename: string;
  synchronous: 'normal' | 'full';
  busyTimeoutMs: number;
  connectTimeoutMs?: number;
}

interface SqliteConnection extends PreparingConnection {
  pragma(source: string): unknown;
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);
const LOCK_CONTENTION = /already locked|SQLITE_BUSY|database is locked|already exists/i;

/** Leases the rows `due` selects; the lease values are the first four bindings. */
const leaseDue = (due: string) => `UPDATE webhook_events
    SET status = 'processing', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
        pending_key = NULL, waiting_reason = NULL, claimed_at = ?, updated_at = ?
  WHERE id IN (${due})
  RETURNING *`;

/**
 * One UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *: atomic because SQLite has a single writer. (Knex would
 * silently drop FOR UPDATE SKIP LOCKED here, so a select-then-update is never used.)
 */
const CLAIM_SQL = leaseDue(`SELECT id FROM webhook_events
                WHERE status = 'pending' AND next_retry_at <= ?
                ORDER BY next_retry_at, id
                LIMIT ?`);

/**
 * The claim with a fair share per account: the due events numbered within their account (oldest first), each
 * account taking no more than its room, none of the excluded accounts. It reads every due event of the accounts with
 * room, so it is used only when there are accounts.
 */
const FAIR_CLAIM_SQL = leaseDue(`SELECT id FROM (
                 SELECT id, account, next_retry_at, ROW_NUMBER() OVER (PARTITION BY account ORDER BY next_retry_at, id) AS n
                   FROM webhook_events
                  WHERE status = 'pending' AND next_retry_at <= ? AND account NOT IN (SELECT value FROM json_each(?))) due
                WHERE n <= COALESCE((SELECT value FROM json_each(?) WHERE key = due.account), ?)
                ORDER BY next_retry_at, id
                LIMIT ?`);

interface SharedConnection {
  knex: Knex;
  users: number;
}

/**
 * The open connection of each file in this process. better-sqlite3 waits for a lock synchronously, so two connections
 * to one file in one process could wait on each other forever: one inside a transaction, awaiting its next statement,
 * the other blocking the thread until busy_timeout. Every store on a file in a process therefore shares one
 * connection, and Knex's pool of one serialises their statements and transactions.
 */
const sharedConnections = new Map<string, SharedConnection>();

/** SQLite through better-sqlite3: one connection per file and process, in WAL mode, waiting up to busy_timeout for the write lock. */
export function createSqliteDriver(target: SqliteTarget): Driver {
  const shared = target.filename === ':memory:' ? { knex: connect(target), users: 1 } : sharedConnection(target);
  let closed = false;
  const waker = target.filename === ':memory:' ? null : createLocalWaker(target.filename);
  return {
    dialect: 'sqlite',
    description: `sqlite:${target.filename}`,
    knex: shared.knex,
    singleWriter: true,
    async claimDueEvents(o: ClaimOptions): Promise<EventRow[]> {
      const lease = [o.owner, o.now + o.leaseMs, o.now, o.now];
      if (!o.fairShare) return shared.knex.raw(CLAIM_SQL, [...lease, o.now, o.limit]) as unknown as Promise<EventRow[]>;
      const { exclude, room, defaultRoom } = o.fairShare;
      return shared.knex.raw(FAIR_CLAIM_SQL, [
        ...lease, o.now, JSON.stringify(exclude), JSON.stringify(room), defaultRoom, o.limit,
      ]) as unknown as Promise<EventRow[]>;
    },
    async lockKey(trx) {
      // one writer: the first write of a transaction takes the database's write lock, which serialises everything
      await trx.raw('UPDATE payments SET updated_at = updated_at WHERE 0');
    },
    isUniqueViolation: (error) => UNIQUE_CODES.has(String((error as { code?: unknown } | null)?.code)),
    notifiesOnInsert: false,
    async notifyWorkers() {
      waker?.wake();
    },
    listenForEvents: (handlers) => (target.filename === ':memory:' ? null : listenForLocalWake(target.filename, handlers)),
    async withMigrationLock(fn) {
      // Knex's own lock table serialises migrators; one that finds it taken (or loses the race creating it) waits and retries.
      for (const deadline = Date.now() + 60_000; ;) {
        try {
          return await fn();
        } catch (err) {
          if (!LOCK_CONTENTION.test(String((err as Error)?.message ?? err)) || Date.now() > deadline) throw err;
          await new Promise((resolve) => { setTimeout(resolve, 100 + Math.random() * 200); });
        }
      }
    },
    backupTo: (destination) => backupSqliteFile(target.filename, target.busyTimeoutMs, destination),
    eraseDurably: (_tables, fn) => eraseOnSqlite(shared.knex, fn),
    async close() {
      if (closed) return;
      closed = true;
      waker?.close();
      shared.users -= 1;
      if (shared.users > 0) return;
      if (sharedConnections.get(target.filename) === shared) sharedConnections.delete(target.filename);
      await shared.knex.destroy();
    },
  };
}

/**
 * An erasure on SQLite: with secure_delete the cells and pages the transaction frees are overwritten with zeros; then
 * VACUUM rebuilds the file (older copies left in free space by earlier updates are gone too) and a TRUNCATE
 * checkpoint empties the write-ahead log. The checkpoint cannot finish while another connection reads (compacted:
 * false): the old frames are then overwritten by later checkpoints.
 */
async function eraseOnSqlite<T>(knex: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<{ result: T; compacted: boolean }> {
  await knex.raw('PRAGMA secure_delete = ON');
  let result: T;
  try {
    result = await knex.transaction(fn);
  } finally {
    await knex.raw('PRAGMA secure_delete = OFF').catch(() => undefined);
  }
  try {
    await knex.raw('VACUUM');
    const [checkpoint] = await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return { result, compacted: Number(checkpoint?.busy ?? 1) === 0 };
  } catch {
    return { result, compacted: false };
  }
}

function sharedConnection(target: SqliteTarget): SharedConnection {
  let shared = sharedConnections.get(target.filename);
  if (!shared) {
    shared = { knex: connect(target), users: 0 };
    sharedConnections.set(target.filename, shared);
  }
  shared.users += 1;
  return shared;
}

function connect(target: SqliteTarget): Knex {
  const connectTimeoutMs = target.connectTimeoutMs ?? 5000;
  if (target.filename !== ':memory:') prepareSqlitePath(target.filename);
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: target.filename },
    useNullAsDefault: true,
    // the reason a connection cannot be opened reaches the caller as the rejection; Knex's own copy is a stack trace
    log: { warn: (message: string) => { if (!String(message).startsWith('Acquire connection error')) console.warn(message); } },
    acquireConnectionTimeout: Math.max(connectTimeoutMs, target.busyTimeoutMs + 1000),
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        try {
          conn.pragma(`busy_timeout = ${Math.floor(target.busyTimeoutMs)}`);
          conn.pragma('journal_mode = WAL');
          conn.pragma(`synchronous = ${target.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
          conn.pragma('foreign_keys = ON');
          done(null, reuseStatements(conn));
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
  });
}
