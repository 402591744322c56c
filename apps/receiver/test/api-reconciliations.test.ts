import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { ReconciliationRecord } from '@ghl-payments/store';
import { checkSchema, Schema } from './helpers/check-schema';
import { BEARER, createOperatorFixture, OperatorFixture, signIn } from './helpers/operator-fixture';

const spec = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }> }>>;
  components: { schemas: Record<string, Schema> };
};
const schemaOf = (status: number) => spec.paths['/api/reconciliations'].get.responses[String(status)].content!['application/json']!.schema;

const T0 = Date.parse('2026-12-08T12:00:00.000Z');
const XSS = '<script>alert(1)</script>';

function sweep(overrides: Partial<ReconciliationRecord> = {}): ReconciliationRecord {
  return {
    startedAt: T0, finishedAt: T0 + 1500, windowStart: T0 - 72 * 3_600_000, windowEnd: T0, pages: 3, checked: 120, missing: 2, changed: 1,
    queued: 3, errors: 0, dryRun: false, runBy: 'host:42:abc123', error: null, ...overrides,
  };
}

describe('reconciliation sweeps in the API and the dashboard', () => {
  let f: OperatorFixture;
  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: T0 + 60_000 });
    await f.t.db.recordReconciliation(sweep());
    await f.t.db.recordReconciliation(sweep({ startedAt: T0 + 30_000, finishedAt: T0 + 31_000, pages: 1, checked: 0, missing: 0, changed: 0, queued: 0, errors: 1, error: `MercadoPago refused MP_ACCESS_TOKEN (HTTP 401) ${XSS}` }));
  });
  afterAll(async () => { await f.t.destroy(); });

  it('GET /api/reconciliations lists the sweeps newest first, in the documented shape', async () => {
    const res = await request(f.app).get('/api/reconciliations').set('Authorization', BEARER);
    expect(res.status).toBe(200);
    expect(checkSchema(res.body, schemaOf(200), spec.components.schemas)).toEqual([]);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data[1]).toEqual({
      id: expect.any(Number), account: 'default', started_at: '2026-12-08T12:00:00.000Z', finished_at: '2026-12-08T12:00:01.500Z', window_start: '2026-12-05T12:00:00.000Z',
      window_end: '2026-12-08T12:00:00.000Z', pages: 3, checked: 120, missing: 2, changed: 1, queued: 3, errors: 0, dry_run: false, run_by: 'host:42:abc123', error: null,
    });
    expect(res.body.data[0]).toMatchObject({ errors: 1, error: expect.stringContaining('HTTP 401') });
    const one = await request(f.app).get('/api/reconciliations?limit=1').set('Authorization', BEARER);
    expect(one.body.data).toHaveLength(1);
  });

  it('refuses a bad limit naming it, an unknown parameter, and a missing token', async () => {
    const bad = await request(f.app).get('/api/reconciliations?limit=0').set('Authorization', BEARER);
    expect(bad.status).toBe(400);
    expect(bad.body.parameter).toBe('limit');
    expect(checkSchema(bad.body, schemaOf(400), spec.components.schemas)).toEqual([]);
    expect((await request(f.app).get('/api/reconciliations?since=1h').set('Authorization', BEARER)).status).toBe(400);
    expect((await request(f.app).get('/api/reconciliations')).status).toBe(401);
  });

  it('shows the last sweeps on the overview, every value escaped', async () => {
    const { agent } = await signIn(f.app);
    const page = await agent.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>Reconciliation with MercadoPago</h2>');
    expect(page.text).toMatch(/<tr data-reconciliation="\d+"[^>]*>[\s\S]*?<td class="num">120<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(page.text).toContain('host:42:abc123');
    expect(page.text).toContain('MercadoPago refused MP_ACCESS_TOKEN (HTTP 401) &lt;script&gt;');
    expect(page.text).not.toContain(XSS);
  });
});
