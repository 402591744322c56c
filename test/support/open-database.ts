import { openStore, Store } from '@ghl-payments/store';
import { TEST_DIALECT, TestDatabase } from './test-database';

/**
 * Another, independent store (its own Knex instance and pool) on a test database: what a second process or host
 * would have. Close it before the TestDatabase is destroyed.
 */
export function openDatabase(t: TestDatabase, options: { poolMax?: number } = {}): Store {
  return TEST_DIALECT === 'postgres'
    ? openStore({ client: 'postgres', connectionString: t.url, poolMax: options.poolMax ?? 4, connectTimeoutMs: 5000 })
    : openStore({ client: 'sqlite', filename: t.url, synchronous: 'normal', busyTimeoutMs: 5000, connectTimeoutMs: 5000 });
}
