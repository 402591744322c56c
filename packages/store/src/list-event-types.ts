import type { Driver } from './drivers/driver';

/** The distinct event topics stored, alphabetically (for filter suggestions). */
export async function listEventTypes(db: Driver): Promise<string[]> {
  const rows = await db.knex('webhook_events').distinct('topic').orderBy('topic').limit(200);
  return rows.map((r: Record<string, unknown>) => String(r.topic));
}
