import type { AttemptOutcome } from './record-attempt';
import type { Driver } from './drivers/driver';

/** The highest webhook_attempts id (0 when empty): a primary-key lookup. */
export async function maxAttemptId(db: Driver): Promise<number> {
  const row = await db.knex('webhook_attempts').max({ m: 'id' }).first();
  return Number((row as { m?: unknown } | undefined)?.m ?? 0);
}

/** Attempts with afterId < id <= upToId, by outcome: a primary-key range, so the cost follows the new rows only. */
export async function countAttemptsBetween(db: Driver, afterId: number, upToId: number): Promise<Partial<Record<AttemptOutcome, number>>> {
  if (upToId <= afterId) return {};
  const rows = await db.knex('webhook_attempts').select('outcome').count({ n: '*' })
    .where('id', '>', afterId).andWhere('id', '<=', upToId).groupBy('outcome') as Array<{ outcome: AttemptOutcome; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}
