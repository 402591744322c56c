import type { Knex } from 'knex';

/**
 * sign_in_codes: one-time dashboard sign-in links. The link carries a random code (never the admin token); the table
 * keeps only its SHA-256, when it stops being valid, and when it was used (a code opens one session, once).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_codes', (t) => {
    t.string('code_hash', 64).primary();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('used_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sign_in_codes');
}
