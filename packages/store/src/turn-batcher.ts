import type { Database } from './database';

/**
 * Collects what is added during one turn of the event loop and hands it over as one batch when the turn ends
 * (`setImmediate`): notifications or events handled concurrently become one unit of database work. Nothing waits
 * longer than that turn, so a caller alone pays no delay.
 */
export function createTurnBatcher<Item>(flush: (items: Item[]) => void): (item: Item) => void {
  let pending: Item[] = [];
  return (item) => {
    pending.push(item);
    if (pending.length > 1) return;
    setImmediate(() => {
      const items = pending;
      pending = [];
      flush(items);
    });
  };
}

/** A turn batcher per database (per Knex instance, so every handle on the same pool shares it), made on first use. */
export function createDatabaseBatchers<Item>(flush: (db: Database, items: Item[]) => void): (db: Database) => (item: Item) => void {
  const batchers = new WeakMap<object, (item: Item) => void>();
  return (db) => {
    let add = batchers.get(db.knex);
    if (!add) {
      add = createTurnBatcher((items: Item[]) => flush(db, items));
      batchers.set(db.knex, add);
    }
    return add;
  };
}
