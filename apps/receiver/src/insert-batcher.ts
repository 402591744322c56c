import type { ArrivedEvent, InsertResult, NewEvent, Store } from '@ghl-payments/store';

/** Stores one notification; resolves once its row is committed. */
export type InsertNotification = (event: NewEvent, now: number) => Promise<InsertResult>;

/** Most notifications one commit carries; a larger turn's worth is split. */
const MAX_BATCH = 200;

interface Waiting extends ArrivedEvent {
  resolve(result: InsertResult): void;
  reject(error: unknown): void;
}

/**
 * The receiver's insert batcher, its one opt-in batching component. On SQLite every commit is a write to the WAL
 * under the database's single write lock, and that commit, not the statement, is most of what storing a notification
 * costs; when MercadoPago delivers many notifications at once, those that arrive in the same turn of the event loop are
 * stored with one `store.insertEvents` call, one transaction. Each caller still hears back only once its own row is
 * committed, gets its own outcome (new or duplicate), and a notification the schema refuses fails alone. A notification
 * arriving alone waits for nothing but the end of its turn.
 *
 * On PostgreSQL the receiver does not use it: each insert commits on a pooled connection of its own, in parallel.
 * Nothing else batches: the worker and every other caller of the store commit their own statements.
 */
export function createInsertBatcher(store: Pick<Store, 'insertEvents'>): InsertNotification {
  let waiting: Waiting[] = [];
  const flush = (): void => {
    const batch = waiting;
    waiting = [];
    for (let start = 0; start < batch.length; start += MAX_BATCH) void storeBatch(store, batch.slice(start, start + MAX_BATCH));
  };
  return (event, now) => new Promise<InsertResult>((resolve, reject) => {
    waiting.push({ event, now, resolve, reject });
    if (waiting.length === 1) setImmediate(flush);
  });
}

async function storeBatch(store: Pick<Store, 'insertEvents'>, batch: Waiting[]): Promise<void> {
  let outcomes: Array<PromiseSettledResult<InsertResult>>;
  try {
    outcomes = await store.insertEvents(batch);
  } catch (error) {
    for (const item of batch) item.reject(error);
    return;
  }
  batch.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome.status === 'fulfilled') item.resolve(outcome.value);
    else item.reject(outcome.reason);
  });
}

/** How the receiver stores notifications: through the batcher on SQLite, one insert each on PostgreSQL. */
export function chooseInsertNotification(store: Store): InsertNotification {
  return store.dialect === 'sqlite' ? createInsertBatcher(store) : (event, now) => store.insertEvent(event, now);
}
