import type { Store } from '@ghl-payments/store';

/** Every table of the database (the migrations' bookkeeping included). */
export async function listTables(store: Store): Promise<string[]> {
  if (store.dialect === 'postgres') {
    const result = await store.knex.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    return (result.rows as Array<{ name: string }>).map((r) => r.name).sort();
  }
  const rows = await store.knex.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") as Array<{ name: string }>;
  return rows.map((r) => r.name).sort();
}

/**
 * Where a text occurs (case-insensitively) in any value of any column of any table: `table.column#row` for each hit.
 * Reads every row: for the small databases of tests.
 */
export async function findTextEverywhere(store: Store, needle: string): Promise<string[]> {
  const wanted = needle.toLowerCase();
  const hits: string[] = [];
  for (const table of await listTables(store)) {
    const rows = await store.knex(table).select('*') as Array<Record<string, unknown>>;
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        const text = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : '';
        if (text.toLowerCase().includes(wanted)) hits.push(`${table}.${column}#${i}`);
      }
    });
  }
  return hits;
}
