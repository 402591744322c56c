import type { Knex } from 'knex';

/**
 * audit_log: what the operators did, and when, by whom and from where (docs/security.md "Audit log"): sign-ins (and
 * refused ones), sign-outs, retries, purges, erasures, account changes. Written by the receiver, the CLI and the
 * worker; never changed or deleted by the product (no route writes it but the actions themselves, and retention keeps
 * it). `actor`: `admin`, `viewer:<account>`, `cli:<user>@<host>`, `worker` or `anonymous` (a refused sign-in).
 * `target`: what the action was about (`event:42`, `account:acme`, a route). `detail`: short JSON, never a secret
 * nor a buyer's email (an erasure keeps only the SHA-256 of the address). `client`: the client's address.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id').primary();
    t.bigInteger('at').notNullable();
    t.string('actor', 160).notNullable();
    t.string('action', 32).notNullable();
    t.string('target', 160);
    t.text('detail');
    t.string('client', 64);
    t.index(['at'], 'audit_log_at_idx');
    t.index(['action', 'at'], 'audit_log_action_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
