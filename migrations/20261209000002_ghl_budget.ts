import type { Knex } from 'knex';

/**
 * ghl_budget_grants: GoHighLevel's request budget (100 requests / 10 s per location) shared by every worker process.
 * One row per request a worker was allowed to send, with when (epoch ms, the granting host's clock). A grant older
 * than the window is deleted by the next request for its location (`packages/store/src/ghl-budget.ts`), so a location
 * holds about one window's worth of rows.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('ghl_budget_grants', (t) => {
    t.string('location_id', 128).notNullable();
    t.bigInteger('granted_at').notNullable();
    t.index(['location_id', 'granted_at'], 'ghl_budget_grants_location_time_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ghl_budget_grants');
}
