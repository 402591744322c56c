import type { Knex } from 'knex';

/**
 * The claim takes due events ORDER BY next_retry_at, id. Without id in the index PostgreSQL sorts every pending event
 * that shares the first next_retry_at (an operator retrying thousands at once, events rescued together): a claim then
 * costs O(backlog) — 30 ms at 100,000 such events — instead of O(batch) (docs/benchmarks.md). SQLite's index already
 * ends with the rowid (= id); the same definition there is harmless.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropIndex(['status', 'next_retry_at'], 'webhook_events_due_idx');
  });
  await knex.schema.alterTable('webhook_events', (t) => {
    t.index(['status', 'next_retry_at', 'id'], 'webhook_events_due_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('webhook_events', (t) => {
    t.dropIndex(['status', 'next_retry_at', 'id'], 'webhook_events_due_idx');
  });
  await knex.schema.alterTable('webhook_events', (t) => {
    t.index(['status', 'next_retry_at'], 'webhook_events_due_idx');
  });
}
