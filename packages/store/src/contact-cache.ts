import type { Driver } from './drivers/driver';
import { rowsOf } from './raw-sql';

const REMEMBER_SQL = `INSERT INTO contact_cache (location_id, email, contact_id, resolved_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (location_id, email) DO UPDATE SET contact_id = excluded.contact_id, resolved_at = excluded.resolved_at`;
const FIND_SQL = 'SELECT contact_id FROM contact_cache WHERE location_id = ? AND email = ?';

const normalise = (email: string) => email.trim().toLowerCase();

/** The contact this email resolved to in this location, or null. */
export async function findCachedContact(db: Driver, locationId: string, email: string): Promise<string | null> {
  const [row] = rowsOf(await db.knex.raw(FIND_SQL, [locationId, normalise(email)]));
  return row ? String(row.contact_id) : null;
}

/** Remembers (or replaces) the contact an email resolved to in a location. */
export async function rememberContact(db: Driver, locationId: string, email: string, contactId: string, now: number): Promise<void> {
  await db.knex.raw(REMEMBER_SQL, [locationId, normalise(email), contactId, now]);
}

/** Forgets a contact GoHighLevel no longer knows (only if the email still points at it). */
export async function forgetCachedContact(db: Driver, locationId: string, email: string, contactId: string): Promise<void> {
  await db.knex('contact_cache').where({ location_id: locationId, email: normalise(email), contact_id: contactId }).delete();
}
