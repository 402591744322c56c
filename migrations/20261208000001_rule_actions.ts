import type { Knex } from 'knex';

/**
 * The lifecycle rules' two tables.
 * - status_changes: each time a payment (or subscription) is recorded in a status other than the one stored, a row
 *   with that status's round (1 the first time, 2 when it comes back, e.g. approved → refunded → approved). Rules run
 *   once per status round.
 * - rule_actions: the at-most-once ledger of every rule action, one row per (subject, status, round, rule, action): the
 *   first worker to insert it performs the action, others see it (`applying` while its lease holds, then `applied`).
 * - subscriptions: MercadoPago subscriptions (preapprovals) as last read, with their contact; rules run on their status.
 * payment_tags, the tag-only ledger it replaces, is kept as history and no longer written.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('status_changes', (t) => {
    t.increments('id').primary();
    /** `payment:<mp id>` or `subscription:<preapproval id>`. */
    t.string('subject', 96).notNullable();
    t.string('status', 32).notNullable();
    t.integer('round').notNullable();
    t.string('previous_status', 32);
    t.integer('event_id');
    t.bigInteger('changed_at').notNullable();
    t.unique(['subject', 'status', 'round']);
  });
  await knex.schema.createTable('rule_actions', (t) => {
    t.increments('id').primary();
    t.string('subject', 96).notNullable();
    t.string('status', 32).notNullable();
    t.integer('round').notNullable();
    t.string('rule', 64).notNullable();
    t.integer('action_index').notNullable();
    t.string('kind', 32).notNullable();
    t.string('contact_id', 128).notNullable();
    t.string('state', 16).notNullable();
    t.integer('event_id');
    t.bigInteger('lease_expires_at');
    /** What the action sent or got back (tags, field keys, note or opportunity id), as JSON; never a secret. */
    t.text('detail');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('applied_at');
    t.unique(['subject', 'status', 'round', 'rule', 'action_index']);
  });
  await knex.schema.createTable('subscriptions', (t) => {
    t.increments('id').primary();
    t.string('mp_preapproval_id', 64).notNullable().unique();
    t.string('status', 32);
    t.string('reason', 512);
    t.string('external_reference', 256).index();
    t.string('payer_email', 320);
    t.decimal('amount', 16, 2);
    t.string('currency', 8);
    t.string('ghl_contact_id', 128);
    t.string('last_modified', 40);
    t.text('raw');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('subscriptions');
  await knex.schema.dropTable('rule_actions');
  await knex.schema.dropTable('status_changes');
}
