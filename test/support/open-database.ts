import { connectDatabase, Database } from '@ghl-payments/store';
import { TEST_DIALECT, TestDatabase } from './test-database';

/**
 * Another, independent connection (its own Knex instance and pool) to a test database: what a second process or
 * host would have. Close it before the TestDatabase is destroyed.
 */
export function openDatabase(t: TestDatabase, options: { poolMax?: number } = {}): Database {
  return TEST_DIALECT === 'postgres'
    ? connectDatabase({ client: 'postgres', connectionString: t.url, poolMax: options.poolMax ?? 4, connectTimeoutMs: 5000 })
    : connectDatabase({ client: 'sqlite', filename: t.url, synchronous: 'normal', busyTimeoutMs: 5000, connectTimeoutMs: 5000 });
}
