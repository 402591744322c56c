import type { Knex } from 'knex';

/** webhook_events.alerted_at: when the `failed` alert for the event was claimed (at most one alert per event). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.bigInteger('alerted_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropColumn('alerted_at');
  });
}
