import type { Database } from './database';
import { NEW_EVENT_COLUMNS } from './event-row-values';
import { queryPrepared, runPrepared } from './prepared-statement';
import { createDatabaseBatchers } from './turn-batcher';

const COLUMN_NAMES = NEW_EVENT_COLUMNS.map(([name]) => name).join(', ');
const DEDUP_KEY = NEW_EVENT_COLUMNS.findIndex(([name]) => name === 'dedup_key');

const INSERT_ONE_SQL = `INSERT INTO webhook_events (${COLUMN_NAMES}) VALUES (${NEW_EVENT_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT DO NOTHING RETURNING id`;
/** PostgreSQL: many rows in one statement, one array parameter per column. */
const INSERT_MANY_SQL = `INSERT INTO webhook_events (${COLUMN_NAMES})
  SELECT * FROM unnest(${NEW_EVENT_COLUMNS.map(([, type]) => `?::${type}[]`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING id, dedup_key`;

/** Rows per multi-row statement; a larger batch is split (the parts run side by side on the pool). */
export const MAX_ROWS_PER_INSERT = 500;

interface PendingRow {
  values: readonly unknown[];
  resolve(id: number | undefined): void;
  reject(error: unknown): void;
}

/**
 * Inserts a new event row unless its dedup key or pending key is already taken (ON CONFLICT DO NOTHING). Resolves to
 * the new row's id, or undefined on a conflict. `values` follow NEW_EVENT_COLUMNS.
 *
 * On PostgreSQL (outside a transaction) the rows inserted in the same turn of the event loop go into one multi-row
 * statement: one round trip, one commit and one WAL flush for the batch instead of one each, which is most of what a
 * notification costs there (docs/benchmarks.md). Each promise still resolves only once its row is committed. On
 * SQLite the statements of one turn already share a commit (runPrepared).
 */
export function insertEventRow(db: Database, values: readonly unknown[]): Promise<number | undefined> {
  if (db.dialect !== 'postgres' || db.knex.isTransaction) return insertOneRow(db, values);
  const add = postgresBatcher(db);
  return new Promise((resolve, reject) => add({ values, resolve, reject }));
}

async function insertOneRow(db: Database, values: readonly unknown[]): Promise<number | undefined> {
  const row = await queryPrepared<{ id: number | string }>(db, 'ghlp_insert_event', INSERT_ONE_SQL, values);
  return row ? Number(row.id) : undefined;
}

const postgresBatcher = createDatabaseBatchers<PendingRow>((db, rows) => {
  for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
    void insertRows(db, rows.slice(start, start + MAX_ROWS_PER_INSERT));
  }
});

/**
 * One statement for the batch. Rows go in dedup-key order, so two batches (two receivers) that share dedup keys take
 * their locks in the same order instead of deadlocking. When a batch holds the same dedup key twice, the first row in
 * arrival order is stored and the others see a conflict, as if they had come one after the other. If the statement
 * fails — one row may be at fault (a value too long), or a rare deadlock on pending keys — every row is tried again on
 * its own, so only the faulty row's caller sees an error.
 */
async function insertRows(db: Database, rows: PendingRow[]): Promise<void> {
  if (rows.length === 1) {
    settleAlone(db, rows[0]);
    return;
  }
  const ordered = [...rows].sort((a, b) => compareKeys(a.values[DEDUP_KEY], b.values[DEDUP_KEY]));
  let inserted: Map<string, number>;
  try {
    const columns = NEW_EVENT_COLUMNS.map((_, column) => ordered.map((row) => row.values[column]));
    const result = await runPrepared<{ id: number | string; dedup_key: string }>(db, 'ghlp_insert_events', INSERT_MANY_SQL, columns);
    inserted = new Map(result.rows.map((row) => [row.dedup_key, Number(row.id)]));
  } catch {
    for (const row of rows) settleAlone(db, row);
    return;
  }
  for (const row of rows) {
    const key = String(row.values[DEDUP_KEY]);
    const id = inserted.get(key);
    inserted.delete(key);
    row.resolve(id);
  }
}

function settleAlone(db: Database, row: PendingRow): void {
  insertOneRow(db, row.values).then(row.resolve, row.reject);
}

function compareKeys(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
