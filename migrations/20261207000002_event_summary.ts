import type { Knex } from 'knex';

/**
 * webhook_events.summary: what a successful attempt did, e.g. which tags it applied, or why it did nothing (no tags
 * configured for the payment's status). Kept apart from last_error so a success is never shown as an error.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.text('summary');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropColumn('summary');
  });
}
