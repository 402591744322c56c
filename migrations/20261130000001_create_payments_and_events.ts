import type { Knex } from 'knex';

/** payments, webhook_events (the durable queue), webhook_attempts (history) and payment_tags (tag-once ledger). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payments', (t) => {
    t.increments('id').primary();
    t.string('mp_payment_id', 64).unique();
    t.string('external_reference', 256).index();
    t.string('ghl_contact_id', 128);
    t.string('status', 32).index();
    t.string('status_detail', 128);
    t.decimal('amount', 16, 2);
    t.string('currency', 8);
    t.string('description', 512);
    t.string('payer_email', 320).index();
    t.string('date_created', 40);
    t.string('date_approved', 40);
    t.string('date_last_updated', 40);
    t.text('raw');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('webhook_events', (t) => {
    t.increments('id').primary();
    t.string('dedup_key', 300).notNullable().unique();
    t.string('pending_key', 300).unique();
    t.string('source', 16).notNullable();
    t.string('topic', 64).notNullable();
    t.string('raw_type', 128).notNullable();
    t.string('action', 128);
    t.string('resource_id', 128).notNullable().index();
    t.string('notification_id', 128);
    t.string('request_id', 128);
    t.string('signature', 16).notNullable();
    t.text('payload');
    t.text('headers');
    t.text('query');
    t.string('status', 16).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('failures').notNullable().defaultTo(0);
    t.integer('duplicates').notNullable().defaultTo(0);
    t.bigInteger('next_retry_at').notNullable();
    t.string('lease_owner', 128);
    t.bigInteger('lease_expires_at');
    t.bigInteger('claimed_at');
    t.text('last_error');
    t.integer('payment_id').references('id').inTable('payments').onDelete('SET NULL');
    t.bigInteger('received_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('processed_at');
    t.index(['status', 'next_retry_at'], 'webhook_events_due_idx');
    t.index(['status', 'lease_expires_at'], 'webhook_events_lease_idx');
    t.index(['topic', 'received_at'], 'webhook_events_topic_idx');
    t.index(['received_at'], 'webhook_events_received_idx');
    t.index(['payment_id'], 'webhook_events_payment_idx');
  });

  await knex.schema.createTable('webhook_attempts', (t) => {
    t.increments('id').primary();
    t.integer('event_id').notNullable().references('id').inTable('webhook_events').onDelete('CASCADE');
    t.integer('attempt').notNullable();
    t.string('worker', 128);
    t.bigInteger('started_at').notNullable();
    t.bigInteger('finished_at').notNullable();
    t.integer('duration_ms').notNullable();
    t.string('outcome', 16).notNullable();
    t.text('error');
    t.index(['event_id', 'attempt'], 'webhook_attempts_event_idx');
    t.index(['finished_at'], 'webhook_attempts_finished_idx');
  });

  await knex.schema.createTable('payment_tags', (t) => {
    t.increments('id').primary();
    t.string('mp_payment_id', 64).notNullable();
    t.string('payment_status', 32).notNullable();
    t.text('tags').notNullable();
    t.string('contact_id', 128).notNullable();
    t.string('state', 16).notNullable();
    t.integer('event_id');
    t.bigInteger('lease_expires_at');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('applied_at');
    t.unique(['mp_payment_id', 'payment_status'], { indexName: 'payment_tags_once_idx' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('payment_tags');
  await knex.schema.dropTableIfExists('webhook_attempts');
  await knex.schema.dropTableIfExists('webhook_events');
  await knex.schema.dropTableIfExists('payments');
}
