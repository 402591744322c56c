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
 * | unique violation           | `SQLITE_CONSTRAINT_UNIQUE` / `SQLITE_CONSTRAINT_PRIMARYKEY` | SQLSTATE `23505`                                          |
 * | waking workers             | none (workers poll)                                       | `pg_notify` on insert (trigger) and retry; `LISTEN` on a connection of its own |
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
  /** True for the dialect's "duplicate key" error. */
  isUniqueViolation(error: unknown): boolean;
  /** Wakes listening workers now (PostgreSQL); nothing on SQLite. */
  notifyWorkers(knex?: Knex): Promise<void>;
  listenForEvents(handlers: ListenHandlers): EventListener | null;
  /** Runs `fn` while no other process migrates this database. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  backupTo(destination: string): Promise<BackupSummary>;
  close(): Promise<void>;
}
