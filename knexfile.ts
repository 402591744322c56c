/**
 * Knex CLI configuration (`npx knex --knexfile knexfile.ts migrate:status`). The product itself migrates with
 * `ghl-payments migrate` (or on start); both use the same DATABASE_URL and the same migration list.
 */
import { loadConfig, loadDotEnv } from './packages/core/src';
import { migrationSource } from './packages/store/src/migrate';

loadDotEnv();
const { database } = loadConfig();

const config = database.client === 'postgres'
  ? { client: 'pg', connection: database.connectionString, migrations: { migrationSource } }
  : { client: 'better-sqlite3', connection: { filename: database.filename }, useNullAsDefault: true, migrations: { migrationSource } };

export default config;
