import type { Knex } from 'knex';

/**
 * Payment links (docs/payment-links.md): a MercadoPago Checkout Pro preference created for a GoHighLevel contact.
 * - payment_links: one row per link. `preference_id` and `init_point` stay null while the link is being created (a
 *   reservation: a GoHighLevel workflow call delivered twice waits for the first instead of creating a second
 *   preference); such rows are never listed. `idempotency_key` (unique, null for the API and the CLI) names the
 *   workflow call that asked for the link. `amount` is the unit price, in `currency`, times `quantity`. `expires_at`
 *   (epoch ms, null: never) and `paid_at` give the state, computed on read: paid, expired or created. `mp_payment_id`:
 *   the approved payment that paid it (the worker marks it by `external_reference`).
 * - accounts.ghl_workflow_secret_enc / _last4: the secret a GoHighLevel workflow of that account must present to
 *   `POST /webhooks/ghl/payment-link/:account`, encrypted like the account's other secrets.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('payment_links', (t) => {
    t.increments('id').primary();
    t.string('account', 24).notNullable().defaultTo('default');
    t.string('preference_id', 128);
    t.string('contact_id', 128).notNullable();
    t.string('title', 256).notNullable();
    t.decimal('amount', 16, 2).notNullable();
    t.string('currency', 3).notNullable();
    t.integer('quantity').notNullable().defaultTo(1);
    t.string('external_reference', 256).notNullable();
    t.text('init_point');
    t.string('idempotency_key', 128);
    t.string('source', 16).notNullable();
    t.bigInteger('expires_at');
    t.bigInteger('paid_at');
    t.string('mp_payment_id', 64);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.unique(['idempotency_key'], { indexName: 'payment_links_idempotency_key_unique' });
    t.index(['external_reference'], 'payment_links_reference_idx');
    t.index(['contact_id'], 'payment_links_contact_idx');
  });
  await knex.schema.alterTable('accounts', (t) => {
    t.text('ghl_workflow_secret_enc');
    t.string('ghl_workflow_secret_last4', 8);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('accounts', (t) => {
    t.dropColumn('ghl_workflow_secret_last4');
    t.dropColumn('ghl_workflow_secret_enc');
  });
  await knex.schema.dropTable('payment_links');
}
