import type { Knex } from 'knex';

/**
 * Accounts (docs/agencies.md): one deployment serving many MercadoPago accounts and GoHighLevel locations.
 * - accounts: one row per client, by slug. Secrets are stored encrypted (`*_enc`, AES-256-GCM, core/secret-box.ts)
 *   next to their last four characters (`*_last4`), the only part ever shown. `rules` is the account's rules file
 *   text (YAML or JSON), null for the defaults. `viewer_token_hash`: SHA-256 of the read-only token, if any.
 * - webhook_events, payments, reconciliations: the account each row belongs to. Existing rows, and everything the
 *   environment-configured single shop stores, belong to `default`, so a single-shop install changes nothing.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('accounts', (t) => {
    t.string('slug', 24).primary();
    t.string('name', 200).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('mp_access_token_enc');
    t.string('mp_access_token_last4', 8);
    t.text('mp_webhook_secrets_enc');
    t.string('mp_webhook_secrets_last4', 64);
    t.text('ghl_token_enc');
    t.string('ghl_token_last4', 8);
    t.string('ghl_location_id', 128);
    t.text('rules');
    t.string('viewer_token_hash', 64);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.alterTable('webhook_events', (t) => {
    t.string('account', 24).notNullable().defaultTo('default');
    t.index(['account', 'received_at'], 'webhook_events_account_idx');
  });
  await knex.schema.alterTable('payments', (t) => {
    t.string('account', 24).notNullable().defaultTo('default');
    t.index(['account'], 'payments_account_idx');
  });
  await knex.schema.alterTable('reconciliations', (t) => {
    t.string('account', 24).notNullable().defaultTo('default');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reconciliations', (t) => { t.dropColumn('account'); });
  await knex.schema.alterTable('payments', (t) => {
    t.dropIndex(['account'], 'payments_account_idx');
    t.dropColumn('account');
  });
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropIndex(['account', 'received_at'], 'webhook_events_account_idx');
    t.dropColumn('account');
  });
  await knex.schema.dropTable('accounts');
}
