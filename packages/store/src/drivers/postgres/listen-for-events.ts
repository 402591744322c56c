import pg from 'pg';
import type { EventListener, ListenHandlers } from '../../store';
import { EVENTS_NOTIFY_CHANNEL } from './notify-channel';

/**
 * Keeps a dedicated PostgreSQL connection LISTENing for new events and calls `onNotify` for each; reconnects with
 * backoff when the connection drops. Polling remains the fallback, so a lost notification only costs latency.
 */
export function listenForEvents(connection: pg.ClientConfig, handlers: ListenHandlers): EventListener {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    if (closed) return;
    // TCP keepalive: an idle LISTEN connection silently dropped by a NAT or firewall is noticed (and kept alive)
    const c = new pg.Client({
      ...connection, application_name: 'ghl-payments-listen', keepAlive: true, keepAliveInitialDelayMillis: 30_000,
    });
    c.on('notification', () => handlers.onNotify());
    c.on('error', (err) => {
      handlers.onError(err);
      reconnect(c);
    });
    c.on('end', () => reconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
      client = c;
      delay = 500;
      handlers.onNotify(); // something may have arrived while we were not listening
    } catch (err) {
      handlers.onError(err as Error);
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
