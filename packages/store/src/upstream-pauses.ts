import type { Driver } from './drivers/driver';
import type { UpstreamPause } from './store';

/** Records (or moves) the time before which an upstream must not be called, with the reason shown to operators. */
export async function recordUpstreamPause(db: Driver, pause: UpstreamPause, now: number): Promise<void> {
  await db.knex('upstream_pauses')
    .insert({ service: pause.service, until: pause.until, reason: pause.reason, updated_at: now })
    .onConflict('service').merge();
}

/** The pauses still in force at `now`. */
export async function listUpstreamPauses(db: Driver, now: number): Promise<UpstreamPause[]> {
  const rows = await db.knex('upstream_pauses').where('until', '>', now).orderBy('service');
  return rows.map((r: Record<string, unknown>) => ({ service: String(r.service), until: Number(r.until), reason: String(r.reason) }));
}

/** Ends a pause early (the upstream answered again). */
export async function clearUpstreamPause(db: Driver, service: string): Promise<void> {
  await db.knex('upstream_pauses').where('service', service).delete();
}

/** Writes the health probe row: proves the database accepts writes right now (disk not full, not read-only). */
export async function probeWrite(db: Driver, now: number): Promise<void> {
  await db.knex('health_probe').insert({ id: 1, written_at: now }).onConflict('id').merge();
}
