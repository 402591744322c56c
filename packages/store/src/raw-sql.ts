/**
 * The statements that run for every notification and every event are written once as SQL text (`?` placeholders,
 * every value bound) rather than built by Knex's query builder on each call; the rest of the store uses the builder.
 */

/** Rows a raw statement returned, on either driver (better-sqlite3 gives the array, pg wraps it in `rows`). */
export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return Array.isArray(result) ? result : ((result as { rows?: Array<Record<string, unknown>> }).rows ?? []);
}

/** `(a, b, c) VALUES (?, ?, ?)` for these columns. */
export function columnsAndValues(columns: readonly string[]): string {
  return `(${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}
