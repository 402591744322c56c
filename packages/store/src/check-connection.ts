import type { Driver } from './drivers/driver';
import type { ConnectionCheck } from './store';

/** Runs a trivial query; fails with the driver's reason, or a timeout when nothing answers in time. */
export async function checkConnection(db: Driver, timeoutMs = 2000): Promise<ConnectionCheck> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.knex.raw('select 1'),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs}ms`)), timeoutMs); }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error)?.message ?? String(err) };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
