import type { Knex } from 'knex';

/**
 * Reconciliation against MercadoPago's payment search (docs/reconciliation.md).
 * - reconciliations: one row per sweep: when, the window searched (by date_last_updated), what it found and queued,
 *   who ran it, and the error that ended it early, if any.
 * - reconcile_leases: one row per scheduled job (`reconcile`): the lease that lets one worker sweep at a time (owner,
 *   expiry; a crashed sweeper's lease expires and another takes over) and when the next sweep is due.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reconciliations', (t) => {
    t.increments('id').primary();
    t.bigInteger('started_at').notNullable();
    t.bigInteger('finished_at').notNullable();
    t.bigInteger('window_start').notNullable();
    t.bigInteger('window_end').notNullable();
    t.integer('pages').notNullable();
    t.integer('checked').notNullable();
    t.integer('missing').notNullable();
    t.integer('changed').notNullable();
    t.integer('queued').notNullable();
    t.integer('errors').notNullable();
    t.boolean('dry_run').notNullable();
    t.string('run_by', 128).notNullable();
    t.text('error');
    t.index(['started_at'], 'reconciliations_started_idx');
  });
  await knex.schema.createTable('reconcile_leases', (t) => {
    t.string('name', 32).primary();
    t.string('owner', 128);
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('due_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reconcile_leases');
  await knex.schema.dropTable('reconciliations');
}
