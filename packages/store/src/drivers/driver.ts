import type { Knex } from 'knex';
import type { EventRow } from '../event-types';
import type { BackupSummary, ClaimOptions, Dialect, EventListener, ListenHandlers } from '../store';

/**
 * What a database driver provides to the store's operations. The operations themselves (`../*.ts`) are written once
 * with Knex's query builder, every value bound; a driver owns what cannot be written once. Everything that differs
 * between the two drivers:
 *
 * | concern                    | SQLite (`sqlite/`)                                        | PostgreSQL (`postgres/`)                                   |
 * |----------------------------|-----------------------------------------------------------|------------------------------------------------------------|
 * | connection                 | one better-sqlite3 connection per process (WAL, busy_timeout, synchronous, foreign keys) | a pg pool of `DB_POOL_MAX` connections |
 * | statements                 | prepared once per connection and reused, a bounded set (`sqlite/reuse-statements.ts`) | sent as text by pg       |
 * | claiming due events        | `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *`: atomic, one writer | `WITH due AS (SELECT … FOR UPDATE SKIP LOCKED) UPDATE … RETURNING *` |
 * | transactions               | Knex's `BEGIN` (deferred): each store transaction starts with a write, so it takes the write lock at once and waits up to busy_timeout for it | `BEGIN`, read committed; fencing conditions in every UPDATE |
 * | writers at once            | one (`singleWriter`): a statement's checks hold until it commits | many: a check can race with another connection's write, so an expected unique violation runs in a savepoint |
 * | locking one payment's state | the write lock, taken by the transaction's first write     | `pg_advisory_xact_lock` on a hash of the key              |
 * | unique violation           | `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY` | SQLSTATE `23505`                                          |
 * | waking workers             | a datagram to each worker's port on 127.0.0.1 (`sqlite/local-wake.ts`), sent after an insert or a retry; polling as the fallback | `pg_notify` on insert (trigger) and retry; `LISTEN` on a connection of its own |
 * | concurrent migrations      | Knex's lock table; contention retried                     | a session advisory lock                                    |
 * | backup                     | SQLite's online backup API (`backupTo`)                   | refused: use pg_dump                                        |
 * | bigint / numeric columns   | numbers already                                           | parsed as numbers (type parsers set once)                   |
 */
export interface Driver {
  readonly dialect: Dialect;
  /** Connection string or file, with any password removed (safe to log). */
  readonly description: string;
  readonly knex: Knex;
  /** True when one connection writes at a time (SQLite): a check made in a statement cannot race with another writer. */
  readonly singleWriter: boolean;
  /** Leases up to `limit` due pending events in one statement; the rows as stored (snake_case). */
  claimDueEvents(options: ClaimOptions): Promise<EventRow[]>;
  /**
   * Inside a transaction, waits until no other transaction holds `key`, and holds it until this one ends: the
   * transactions about one payment (or subscription) then read and write its state one after the other.
   */
  lockKey(trx: Knex, key: string): Promise<void>;
  /** True for the dialect's "duplicate key" error. */
  isUniqueViolation(error: unknown): boolean;
  /** True when storing an event wakes the workers by itself (PostgreSQL's insert trigger). */
  readonly notifiesOnInsert: boolean;
  /** Wakes listening workers now. */
  notifyWorkers(knex?: Knex): Promise<void>;
  listenForEvents(handlers: ListenHandlers): EventListener | null;
  /** Runs `fn` while no other process migrates this database. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  backupTo(destination: string): Promise<BackupSummary>;
  /**
   * Runs an erasing transaction (`fn`) so that what it overwrites or deletes does not survive in the database files:
   * SQLite runs it with `PRAGMA secure_delete`, then VACUUMs and truncates the write-ahead log; PostgreSQL VACUUMs
   * `tables` once it committed. `compacted` is false when that last step could not finish.
   */
  eraseDurably<T>(tables: readonly string[], fn: (trx: Knex.Transaction) => Promise<T>): Promise<{ result: T; compacted: boolean }>;
  close(): Promise<void>;
}
