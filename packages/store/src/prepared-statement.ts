import type { Database } from './database';
import { createDatabaseBatchers } from './turn-batcher';

/** What Knex's client exposes for borrowing a raw connection (the pool, or a transaction's own connection). */
interface ConnectionSource {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown> | unknown;
}

/** The parts of a better-sqlite3 connection and statement used here. */
interface SqliteStatement {
  reader: boolean;
  get(params: readonly unknown[]): unknown;
  all(params: readonly unknown[]): unknown[];
  run(params: readonly unknown[]): { changes: number };
}

interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): { immediate(...args: A): R };
}

interface PgConnection {
  query(query: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

export interface PreparedOptions {
  /**
   * False for a statement whose result columns follow the schema (`RETURNING *`): PostgreSQL then gets it unnamed,
   * because a named statement's cached plan must not change result type when a migration adds a column. (SQLite
   * re-prepares by itself.) Default true.
   */
  pgNamed?: boolean;
}

/** Rows a statement returned (all of them, or none for a statement without RETURNING) and the rows it changed. */
export interface PreparedResult<Row> {
  rows: Row[];
  changes: number;
}

interface Queued {
  name: string;
  sql: string;
  values: readonly unknown[];
  resolve(result: PreparedResult<unknown>): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: PreparedResult<unknown> } | { ok: false; error: unknown };

const sqliteStatements = new WeakMap<object, Map<string, SqliteStatement>>();
const sqliteBatchRunners = new WeakMap<object, (items: Queued[]) => Outcome[]>();

async function withRawConnection<T>(db: Database, fn: (connection: unknown) => Promise<T> | T): Promise<T> {
  const source = db.knex.client as unknown as ConnectionSource;
  const connection = await source.acquireConnection();
  try {
    return await fn(connection);
  } finally {
    await source.releaseConnection(connection);
  }
}

function sqliteStatement(connection: SqliteConnection, name: string, sql: string): SqliteStatement {
  let statements = sqliteStatements.get(connection);
  if (!statements) {
    statements = new Map();
    sqliteStatements.set(connection, statements);
  }
  let statement = statements.get(name);
  if (!statement) {
    statement = connection.prepare(sql);
    statements.set(name, statement);
  }
  return statement;
}

function runOnSqlite(connection: SqliteConnection, item: Queued): Outcome {
  try {
    const statement = sqliteStatement(connection, item.name, item.sql);
    if (statement.reader) {
      const rows = statement.all(item.values);
      return { ok: true, result: { rows, changes: rows.length } };
    }
    return { ok: true, result: { rows: [], changes: statement.run(item.values).changes } };
  } catch (error) {
    return { ok: false, error };
  }
}

/** One statement alone (autocommit), or several in one BEGIN IMMEDIATE … COMMIT (rolled back, and thrown, if COMMIT fails). */
function sqliteBatchRunner(connection: SqliteConnection): (items: Queued[]) => Outcome[] {
  let run = sqliteBatchRunners.get(connection);
  if (!run) {
    const transaction = connection.transaction((items: Queued[]) => items.map((item) => {
      const outcome = runOnSqlite(connection, item);
      // An error that made SQLite roll the whole transaction back (I/O, disk full) fails the batch, not just this one.
      if (!outcome.ok && !connection.inTransaction) throw outcome.error;
      return outcome;
    }));
    run = (items) => (items.length === 1 ? [runOnSqlite(connection, items[0])] : transaction.immediate(items));
    sqliteBatchRunners.set(connection, run);
  }
  return run;
}

async function flushSqlite(db: Database, items: Queued[]): Promise<void> {
  let outcomes: Outcome[];
  try {
    outcomes = await withRawConnection(db, (connection) => sqliteBatchRunner(connection as SqliteConnection)(items));
  } catch (error) {
    for (const item of items) item.reject(error);
    return;
  }
  items.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) item.resolve(outcome.result);
    else item.reject(outcome.error);
  });
}

/** The statements issued in one turn of the event loop on a SQLite database, run in one transaction. */
const sqliteBatcher = createDatabaseBatchers<Queued>((db, items) => void flushSqlite(db, items));

const postgresTexts = new Map<string, string>();
const MAX_CACHED_TEXTS = 1000;

/**
 * `?` placeholders → `$1`, `$2`… (the SQL given here never contains a literal `?`). Converted once per SQL text: the
 * statements are a fixed set, and the worker runs several per event.
 */
function toPostgresPlaceholders(sql: string): string {
  let text = postgresTexts.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${(n += 1)}`);
    if (postgresTexts.size >= MAX_CACHED_TEXTS) postgresTexts.clear(); // never reached by the fixed set; a bound all the same
    postgresTexts.set(sql, text);
  }
  return text;
}

/**
 * Runs one of the statements that run for every notification or event, prepared once per connection: a cached
 * better-sqlite3 statement, or a named PostgreSQL prepared statement. Through the Knex query builder each of them
 * cost more CPU than the database work itself (build, compile, and on SQLite a fresh `prepare`).
 *
 * On SQLite (outside a transaction) the statements issued in the same turn of the event loop — by concurrent requests
 * or concurrent events — also share one transaction (group commit): each promise resolves only after that COMMIT, so
 * a caller sees exactly what it would have seen alone, one commit later; a statement that fails (a constraint) fails
 * alone, and a failed BEGIN or COMMIT (locked past busy_timeout, disk full) fails every statement of the batch, as
 * each would have failed alone. One commit per batch instead of one per statement is the largest saving measured in
 * docs/benchmarks.md. In a transaction (`db.knex` is a Knex transaction) the statement runs on its connection at once.
 *
 * `sql` uses `?` placeholders; `name` must be unique per SQL text. Knex's `query` event is emitted as for its own queries.
 */
export function runPrepared<Row>(
  db: Database, name: string, sql: string, values: readonly unknown[], options: PreparedOptions = {},
): Promise<PreparedResult<Row>> {
  // Knex's `query` event, as for its own queries (listeners: debugging, query-plan capture in bench/)
  if (db.knex.listenerCount('query') > 0) db.knex.emit('query', { sql, bindings: values, method: 'raw', prepared: name });
  if (db.dialect === 'sqlite' && !db.knex.isTransaction) {
    const add = sqliteBatcher(db);
    return new Promise<PreparedResult<Row>>((resolve, reject) => {
      add({ name, sql, values, resolve: resolve as (r: PreparedResult<unknown>) => void, reject });
    });
  }
  return withRawConnection(db, async (connection) => {
    if (db.dialect === 'sqlite') {
      const outcome = runOnSqlite(connection as SqliteConnection, { name, sql, values, resolve: () => undefined, reject: () => undefined });
      if (!outcome.ok) throw outcome.error;
      return outcome.result as PreparedResult<Row>;
    }
    const text = toPostgresPlaceholders(sql);
    const result = await (connection as PgConnection).query(options.pgNamed === false ? { text, values } : { name, text, values });
    return { rows: result.rows as Row[], changes: result.rowCount ?? result.rows.length };
  });
}

/** runPrepared, returning the first row (or undefined). */
export async function queryPrepared<Row>(
  db: Database, name: string, sql: string, values: readonly unknown[], options: PreparedOptions = {},
): Promise<Row | undefined> {
  return (await runPrepared<Row>(db, name, sql, values, options)).rows[0];
}

/** One statement of a sequence: a prepared statement's name, SQL (`?` placeholders) and values. */
export interface PreparedStatementSpec extends PreparedOptions {
  name: string;
  sql: string;
  values: readonly unknown[];
}

/**
 * Runs statements in order and settles each one (a failed statement does not stop the next). On SQLite (outside a
 * transaction) they join the same group-commit batch next to each other — one commit and one turn of the event loop
 * instead of one per statement; elsewhere they run one after the other. A later statement may depend on what the
 * earlier ones wrote (e.g. `WHERE EXISTS …`), since each runs after the one before it in both cases.
 */
export async function runPreparedSequence(db: Database, statements: readonly PreparedStatementSpec[]): Promise<Array<PromiseSettledResult<PreparedResult<unknown>>>> {
  if (db.dialect === 'sqlite' && !db.knex.isTransaction) {
    return Promise.allSettled(statements.map((s) => runPrepared(db, s.name, s.sql, s.values, s)));
  }
  const results: Array<PromiseSettledResult<PreparedResult<unknown>>> = [];
  for (const s of statements) {
    try {
      results.push({ status: 'fulfilled', value: await runPrepared(db, s.name, s.sql, s.values, s) });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}
