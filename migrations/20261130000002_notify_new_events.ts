import type { Knex } from 'knex';
import { EVENTS_NOTIFY_CHANNEL } from '../packages/store/src/drivers/postgres/notify-channel';

/** PostgreSQL only: every insert into webhook_events NOTIFYs the workers, which wake within milliseconds. */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  // the channel name is a constant of the PostgreSQL driver: the workers LISTEN on the same one
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ghl_payments_notify_event() RETURNS trigger AS $$
    BEGIN
      PERFORM pg_notify('${EVENTS_NOTIFY_CHANNEL}', '');
      RETURN NULL;
    END;
    $$ LANGUAGE plpgsql`);
  await knex.raw(`
    CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
    FOR EACH STATEMENT EXECUTE FUNCTION ghl_payments_notify_event()`);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw('DROP TRIGGER IF EXISTS webhook_events_notify ON webhook_events');
  await knex.raw('DROP FUNCTION IF EXISTS ghl_payments_notify_event()');
}
