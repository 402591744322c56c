/** The part of a better-sqlite3 connection whose statements are reused. */
export interface PreparingConnection {
  prepare(source: string): unknown;
}

/** How many distinct statements a connection keeps prepared; the least recently prepared one goes first. */
export const KEPT_STATEMENTS = 256;

/**
 * Makes a better-sqlite3 connection reuse its prepared statements. Knex prepares every statement anew on each call,
 * and on SQLite preparing costs about as much as running the statement; a better-sqlite3 Statement can be run any
 * number of times, so the connection hands back the one it prepared before for the same SQL text. Statements never
 * run concurrently (better-sqlite3 runs each synchronously, and Knex's pool of one gives the connection to one caller
 * at a time), and the cache is bounded, since SQL built with a variable number of placeholders varies in text.
 * Applied to the driver's own connection when the pool creates it; nothing else changes how statements run.
 */
export function reuseStatements<T extends PreparingConnection>(connection: T, kept = KEPT_STATEMENTS): T {
  const prepareAnew = connection.prepare.bind(connection);
  const prepared = new Map<string, unknown>();
  connection.prepare = (source: string) => {
    let statement = prepared.get(source);
    if (statement !== undefined) return statement;
    statement = prepareAnew(source);
    if (prepared.size >= kept) prepared.delete(prepared.keys().next().value as string);
    prepared.set(source, statement);
    return statement;
  };
  return connection;
}
