import type { Knex } from 'knex';

/**
 * alert_state: one row per alert key (a kind, or a kind and what it is about, e.g. `credentials-rejected:ghl`): when it
 * was last sent and how many alerts of it were held back since. Every worker and receiver process claims the right to
 * send through this row, so one of them sends, and the throttle survives restarts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('alert_state', (t) => {
    t.string('alert_key', 96).primary();
    t.bigInteger('last_sent_at');
    /** The send before last_sent_at: what the claim that set last_sent_at reports as "since". */
    t.bigInteger('previous_sent_at');
    /** Alerts held back since last_sent_at. */
    t.integer('suppressed').notNullable().defaultTo(0);
    /** How many were held back before the send at last_sent_at (what that alert reported). */
    t.integer('reported_suppressed').notNullable().defaultTo(0);
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('alert_state');
}
