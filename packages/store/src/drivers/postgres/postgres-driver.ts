import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from './migration-lock-key';
import type { EventRow } from '../../event-types';
import type { ClaimOptions } from '../../store';
import type { Driver } from '../driver';
import { listenForEvents } from './listen-for-events';
import { EVENTS_NOTIFY_CHANNEL } from './notify-channel';

export interface PostgresTarget {
  connectionString: string;
  poolMax: number;
  connectTimeoutMs?: number;
}

// bigint columns hold epoch milliseconds: parse them (and numeric amounts) as numbers, not strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));


/** Leases the rows `due` selects (and locked) in the same statement; the lease values are the last four bindings. */
const leaseDue = (due: string) => `WITH due AS (${due})
   UPDATE webhook_events e
      SET status = 'processing', attempts = e.attempts + 1, lease_owner = ?, lease_expires_at = ?,
          pending_key = NULL, waiting_reason = NULL, claimed_at = ?, updated_at = ?
     FROM due
    WHERE e.id = due.id
   RETURNING e.*`;

/**
 * Locks due rows with FOR UPDATE SKIP LOCKED and updates them in the same statement, so any number of workers on any
 * number of hosts claim disjoint batches without waiting on each other.
 */
const CLAIM_SQL = leaseDue(`
     SELECT id FROM webhook_events
      WHERE status = 'pending' AND next_retry_at <= ?
      ORDER BY next_retry_at, id
      LIMIT ?
      FOR UPDATE SKIP LOCKED`);

/**
 * The claim with a fair share per account (see the SQLite driver): row locks cannot be taken in a query with a
 * window function, so the fair choice is a subquery and the outer SELECT locks what it chose, skipping rows another
 * worker holds.
 */
const FAIR_CLAIM_SQL = leaseDue(`
     SELECT id FROM webhook_events
      WHERE id IN (SELECT id FROM (
                     SELECT id, account, next_retry_at, ROW_NUMBER() OVER (PARTITION BY account ORDER BY next_retry_at, id) AS n
                       FROM webhook_events
                      WHERE status = 'pending' AND next_retry_at <= ? AND account NOT IN (SELECT jsonb_array_elements_text(?::jsonb))) fair
                    WHERE n <= COALESCE((?::jsonb ->> fair.account)::int, ?))
        AND status = 'pending'
      ORDER BY next_retry_at, id
      LIMIT ?
      FOR UPDATE SKIP LOCKED`);

function describePostgres(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable)';
  }
}

/** PostgreSQL through a pg pool. */
export function createPostgresDriver(target: PostgresTarget): Driver {
  const connectTimeoutMs = target.connectTimeoutMs ?? 5000;
  const connection: pg.ClientConfig = {
    connectionString: target.connectionString, connectionTimeoutMillis: connectTimeoutMs, application_name: 'ghl-payments',
  };
  const knex = knexFactory({
    client: 'pg',
    connection: connection as Knex.PgConnectionConfig,
    acquireConnectionTimeout: connectTimeoutMs,
    pool: { min: 0, max: target.poolMax, idleTimeoutMillis: 30_000 },
  });

  return {
    dialect: 'postgres',
    description: describePostgres(target.connectionString),
    knex,
    singleWriter: false,
    async claimDueEvents(o: ClaimOptions): Promise<EventRow[]> {
      const lease = [o.owner, o.now + o.leaseMs, o.now, o.now];
      if (!o.fairShare) return (await knex.raw(CLAIM_SQL, [o.now, o.limit, ...lease]) as { rows: EventRow[] }).rows;
      const { exclude, room, defaultRoom } = o.fairShare;
      const result = await knex.raw(FAIR_CLAIM_SQL, [
        o.now, JSON.stringify(exclude), JSON.stringify(room), defaultRoom, o.limit, ...lease,
      ]) as { rows: EventRow[] };
      return result.rows;
    },
    isUniqueViolation: (error) => (error as { code?: unknown } | null)?.code === '23505',
    async lockKey(trx, key) {
      await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
    },
    notifiesOnInsert: true,
    async notifyWorkers(on: Knex = knex) {
      await on.raw('SELECT pg_notify(?, ?)', [EVENTS_NOTIFY_CHANNEL, '']);
    },
    listenForEvents: (handlers) => listenForEvents(connection, handlers),
    async withMigrationLock(fn) {
      // a session lock on a connection of its own, so it works with any pool size
      const client = new pg.Client(connection);
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    },
    backupTo: async () => {
      throw new Error('backup copies SQLite databases; for PostgreSQL use pg_dump (see docs/operations.md)');
    },
    async eraseDurably(tables, fn) {
      const result = await knex.transaction(fn);
      // dead row versions out of the tables and their indexes (VACUUM cannot run inside a transaction)
      let compacted = true;
      for (const table of tables) await knex.raw('VACUUM ??', [table]).catch(() => { compacted = false; });
      return { result, compacted };
    },
    close: () => knex.destroy(),
  };
}
