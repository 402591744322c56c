import type { Knex } from 'knex';

/**
 * admin_sessions: dashboard sign-ins, revocable (the cookie holds a random id; only its SHA-256 is stored).
 * upstream_pauses: an upstream the workers must not call until a time (e.g. GoHighLevel's daily limit), seen by
 * every process and the dashboard. health_probe: one row the receiver's health check writes to prove it can store.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('admin_sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.string('client', 64);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at');
  });
  await knex.schema.createTable('upstream_pauses', (t) => {
    t.string('service', 32).primary();
    t.bigInteger('until').notNullable();
    t.string('reason', 2000).notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.createTable('health_probe', (t) => {
    t.integer('id').primary();
    t.bigInteger('written_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('health_probe');
  await knex.schema.dropTable('upstream_pauses');
  await knex.schema.dropTable('admin_sessions');
}
