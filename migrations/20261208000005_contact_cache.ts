import type { Knex } from 'knex';

/**
 * contact_cache: which GoHighLevel contact an email resolved to, per location, so a buyer seen before costs no
 * upsert. A contact GoHighLevel no longer knows (deleted or merged) is dropped from it and looked up again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('contact_cache', (t) => {
    t.increments('id').primary();
    t.string('location_id', 128).notNullable();
    /** Lower-cased and trimmed. */
    t.string('email', 320).notNullable();
    t.string('contact_id', 128).notNullable();
    t.bigInteger('resolved_at').notNullable();
    t.unique(['location_id', 'email']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('contact_cache');
}
