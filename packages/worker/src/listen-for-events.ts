import pg from 'pg';
import type { Logger } from '@ghl-payments/core';
import type { Database } from '@ghl-payments/store';

/** The channel the webhook_events insert trigger (PostgreSQL only) notifies. */
export const EVENTS_CHANNEL = 'ghl_payments_events';

/**
 * Keeps a dedicated PostgreSQL connection LISTENing for new events and calls `onNotify` for each; reconnects with
 * backoff when the connection drops. Polling remains the fallback, so a lost notification only costs latency.
 */
export function listenForEvents(db: Database, logger: Logger, onNotify: () => void): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    if (closed) return;
    // TCP keepalive: an idle LISTEN connection silently dropped by a NAT or firewall is noticed (and kept alive)
    const c = new pg.Client({
      ...(db.knex.client.config.connection as pg.ClientConfig), application_name: 'ghl-payments-listen', keepAlive: true, keepAliveInitialDelayMillis: 30_000,
    });
    c.on('notification', () => onNotify());
    c.on('error', (err) => {
      logger.warn('LISTEN connection lost; polling until it is back', { error: err.message });
      reconnect(c);
    });
    c.on('end', () => reconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      client = c;
      delay = 500;
      onNotify(); // something may have arrived while we were not listening
    } catch (err) {
      logger.warn('cannot LISTEN for new events; polling meanwhile', { error: (err as Error).message });
      reconnect(c);
    }
  };

  function reconnect(c: pg.Client): void {
    if (closed || (client !== c && client !== null)) return;
    client = null;
    c.removeAllListeners('end');
    c.end().catch(() => undefined);
    if (timer) return;
    timer = setTimeout(() => { timer = null; void connect(); }, delay);
    delay = Math.min(delay * 2, 30_000);
  }

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners('end');
        await c.end().catch(() => undefined);
      }
    },
  };
}
