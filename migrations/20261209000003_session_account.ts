import type { Knex } from 'knex';

/**
 * admin_sessions.account: the account a viewer's dashboard session may see (signed in with that account's viewer
 * token, docs/agencies.md); null for the operator's sessions (the admin token), which see everything.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admin_sessions', (t) => {
    t.string('account', 24);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('admin_sessions', (t) => { t.dropColumn('account'); });
}
