import type { Knex } from 'knex';

/**
 * payments.payer_name: the buyer's name as MercadoPago reports it (`payer.first_name` and `payer.last_name`), shown
 * beside the email in the dashboard and searched by its search box. Personal data: retention and erasure clear it
 * with the email. Nullable: MercadoPago often leaves both names empty, and older rows have none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.string('payer_name', 256);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('payer_name');
  });
}
