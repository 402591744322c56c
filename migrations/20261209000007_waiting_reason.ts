import type { Knex } from 'knex';

/**
 * webhook_events.waiting_reason: why a pending event waits without counting as a failure, when the reason is the
 * operator's to fix — `credentials:mercadopago` or `credentials:ghl` (a token missing or refused). Set when the worker
 * defers the event for that reason, cleared when the event is claimed again or finishes; the overview counts it to
 * show a banner. Null for every other event.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.string('waiting_reason', 64);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropColumn('waiting_reason');
  });
}
