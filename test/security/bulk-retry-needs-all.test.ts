import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, createApp } from '@ghl-payments/receiver';
import { createTestDatabase, seedEvent, TestDatabase } from '@ghl-payments/test-support';

// Security review item: `POST /api/webhook-events/retry` with no filter (or only `status=`) retried every failed and
// ignored event, while the CLI refuses the same request. The API refuses it too unless `all=true` is explicit.

const ADMIN_TOKEN = 'test-admin-token-BulkRetry-4Kp8Wd2Zs6Yn';

describe('POST /api/webhook-events/retry needs a filter or all=true', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const post = (query: string) => request(app).post(`/api/webhook-events/retry${query}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  const pending = async () => Number((await t.db.knex('webhook_events').where('status', 'pending').count({ n: '*' }).first())?.n);

  beforeEach(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN });
    const logger = createSilentLogger();
    app = createApp({ store: t.db, config, logger, routers: buildOperatorRouters({ store: t.db, config, logger, adminToken: ADMIN_TOKEN }) });
    await seedEvent(t.db, { status: 'failed', topic: 'payment' });
    await seedEvent(t.db, { status: 'failed', topic: 'merchant_order' });
    await seedEvent(t.db, { status: 'ignored', topic: 'payment' });
  });
  afterEach(async () => { await t.destroy(); });

  it.each(['', '?status=', '?status=&q=', '?dry_run=true', '?all=false', '?all=0&status='])(
    'refuses %s with 400 and one clear message, retrying nothing', async (query) => {
      const res = await post(query);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: expect.stringMatching(/needs a filter .*all=true/), parameter: 'all' });
      expect(res.text).not.toMatch(/\n\s+at /);
      expect(await pending()).toBe(0);
    },
  );

  it('retries every failed and ignored event with all=true (and counts them with dry_run)', async () => {
    expect((await post('?all=true&dry_run=true')).body).toEqual({ count: 3 });
    expect(await pending()).toBe(0);
    expect((await post('?all=true')).body).toEqual({ count: 3 });
    expect(await pending()).toBe(3);
  });

  it('still takes a filter without all=true, and refuses an all that is not true or false', async () => {
    expect((await post('?status=failed&type=merchant_order')).body).toEqual({ count: 1 });
    expect(await pending()).toBe(1);
    const bad = await post('?all=yes-please');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: 'invalid all: must be true or false', parameter: 'all' });
  });
});
