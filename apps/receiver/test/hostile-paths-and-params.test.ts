import request from 'supertest';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const TRAVERSALS = [
  '/admin/assets/../../package.json',
  '/admin/assets/..%2f..%2f..%2fpackage.json',
  '/admin/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
  '/admin/assets/..%5c..%5c..%5cpackage.json',
  '/admin/assets/....//....//package.json',
  '/admin/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/admin/assets/.env',
];

describe('path traversal and oversized parameters are refused', () => {
  let f: OperatorFixture;
  beforeAll(async () => { f = await createOperatorFixture(); });
  afterAll(async () => { await f.t.destroy(); });

  it.each(TRAVERSALS)('%s never serves a file from outside the public folder', async (path) => {
    const res = await request(f.app).get(path).set('authorization', BEARER);
    // refused, not found, or sent to the sign-in page: anything but the file, and never a 5xx
    expect(res.status).not.toBe(200);
    expect(res.status).toBeLessThan(500);
    expect(res.text ?? '').not.toMatch(/"workspaces"|root:x:0:0|DATABASE_URL/);
  });

  it('serves the dashboard assets that do exist', async () => {
    const res = await request(f.app).get('/admin/assets/chart.umd.min.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
  });

  it.each([
    ['q', 'x'.repeat(10_000)],
    ['type', 'y'.repeat(5_000)],
    ['payment_id', '9'.repeat(5_000)],
    ['limit', '1'.repeat(400)],
    ['offset', '9'.repeat(400)],
    ['since', '2'.repeat(1_000)],
  ])('an oversized %s gets 400 naming the parameter', async (param, value) => {
    const res = await request(f.app).get(`/api/webhook-events?${param}=${value}`).set('authorization', BEARER);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(param);
  });

  it('an id too large for the column is 400 or 404, never a 500', async () => {
    for (const id of ['99999999999999999999999', '1e400', '-1', '0x10', '1.5']) {
      const res = await request(f.app).get(`/api/webhook-events/${id}`).set('authorization', BEARER);
      expect([400, 404]).toContain(res.status);
    }
  });

  it('an oversized query string on the webhook gets a clear 4xx and stores nothing', async () => {
    const res = await request(f.app).post(`/webhooks/mp?topic=payment&id=${'1'.repeat(5_000)}`).send({});
    expect(res.status).toBe(400);
    expect(await f.t.db.knex('webhook_events').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
    expect(Number((await f.t.db.knex('webhook_events').count({ n: '*' }).first())!.n)).toBe(0);
  });
});
