import net from 'node:net';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, findFreePort, TestDatabase, waitUntil } from '@ghl-payments/test-support';
import { startReceiver } from '../src';

const logger = createSilentLogger();

// PostgreSQL only (the .postgres.test.ts suffix): a SQLite file cannot be "down" the way a server can.
describe('startReceiver with PostgreSQL down at start', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase({ migrate: false }); });
  afterEach(async () => { await t.destroy(); });

  it('starts while PostgreSQL is down, answers 503, and recovers when it is back', async () => {
    const proxyPort = await findFreePort();
    const target = new URL(t.url);
    const viaProxy = new URL(t.url);
    viaProxy.port = String(proxyPort);
    const config = loadConfig({ DATABASE_URL: viaProxy.toString(), PORT: '0', HOST: '127.0.0.1', DB_CONNECT_TIMEOUT: '1s' });
    const receiver = await startReceiver({ config, logger, operators: false });
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    try {
      expect((await fetch(`${receiver.url}/healthz`)).status).toBe(503);
      const refused = await fetch(`${receiver.url}/webhooks/mp?topic=payment&id=5`, { method: 'POST' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('30');
      await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
      await waitUntil(async () => (await fetch(`${receiver.url}/healthz`)).status === 200, 20_000, 100);
      const accepted = await fetch(`${receiver.url}/webhooks/mp?topic=payment&id=5`, { method: 'POST' });
      expect(accepted.status).toBe(200);
      expect(await t.db.knex('webhook_events').where('resource_id', '5').first()).toBeDefined();
    } finally {
      await receiver.close();
      await new Promise((r) => proxy.close(r));
    }
  });
});
