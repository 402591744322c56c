import fc from 'fast-check';
import request from 'supertest';
import { asIs, createReceiverFixture, ReceiverFixture, SECRET, signHeader } from './helpers/receiver-fixture';

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });
const idLike = fc.oneof(
  fc.constantFrom('123456', '999999999', 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', 'abc_1', '', ' ', '-1', '1.5', '0'),
  fc.nat().map(String),
  printable,
  fc.string({ minLength: 120, maxLength: 140, unit: fc.constantFrom('9', 'a', '_') }),
);
const topicLike = fc.oneof(
  fc.constantFrom('payment', 'merchant_order', 'topic_merchant_order_wh', 'subscription_preapproval', 'mp-connect', ''),
  printable,
);

const queryKey = fc.oneof(fc.constantFrom('data.id', 'type', 'topic', 'id', 'data[id]', 'source_news', '__proto__'), printable);
const structuredQuery = fc.array(fc.tuple(queryKey, fc.oneof(idLike, topicLike)), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
const rawQuery = fc.string({ unit: fc.constantFrom(...'abcdit019.=&%[]_-+;,'.split('')), maxLength: 60 });
const queryString = fc.oneof(structuredQuery, rawQuery, fc.constant('data.id=123&type=payment'), fc.constant('topic=payment&id=123'));

const notificationLike = fc.record({
  id: fc.oneof(fc.nat(), idLike, fc.constant(null), fc.object()),
  type: topicLike,
  topic: topicLike,
  action: fc.oneof(printable, fc.string()),
  resource: fc.oneof(idLike, fc.constant('https://api.mercadolibre.com/merchant_orders/26262399173'), fc.webUrl()),
  data: fc.oneof(fc.record({ id: fc.oneof(idLike, fc.nat(), fc.double()) }, { requiredKeys: [] }), fc.jsonValue()),
}, { requiredKeys: [] });

const body = fc.oneof(
  notificationLike.map((o) => Buffer.from(JSON.stringify(o))),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')),
  fc.string().map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constantFrom('{', '{"a":', '[1,2', 'null', '"x"', '\uFEFF{"topic":"payment","resource":"5"}', '{"data":{"id":"1"},"type":"payment","id":"\\u0000"}')
    .map((s) => Buffer.from(s)),
  fc.integer({ min: 100 * 1024 - 64, max: 100 * 1024 + 64 }).map((n) => Buffer.alloc(n, 'a')),
  fc.constant(Buffer.alloc(0)),
);

const contentType = fc.option(fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded',
    'application/octet-stream', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'text/json'),
  printable.filter((s) => s.trim() !== ''),
), { nil: undefined });

const headers = fc.record({
  'x-signature': fc.oneof(printable, fc.constant('ts=1,v1=' + 'a'.repeat(64))),
  'x-request-id': printable,
  'x-retry': printable,
  'content-encoding': fc.oneof({ weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'zstd-nope') }, { weight: 3, arbitrary: fc.constant('identity') }),
  authorization: printable,
}, { requiredKeys: [] });

interface Case { query: string; body: Buffer; contentType?: string; headers: Record<string, string>; sign: boolean }

const randomCase = fc.record({ query: queryString, body, contentType, headers, sign: fc.boolean() }) as fc.Arbitrary<Case>;

/** Close to what MercadoPago sends, with random ids and fields: exercises the storing path. */
const plausibleCase: fc.Arbitrary<Case> = fc.record({
  query: fc.oneof(
    fc.tuple(fc.nat(), topicLike).map(([id, t]) => `data.id=${id}&type=${encodeURIComponent(t)}`),
    fc.tuple(fc.nat({ max: 50 }), topicLike).map(([id, t]) => `topic=${encodeURIComponent(t)}&id=${id}`),
  ),
  body: notificationLike.map((o) => Buffer.from(JSON.stringify(o))),
  contentType: fc.constant('application/json'),
  headers: fc.record({ 'x-request-id': fc.uuid() }),
  sign: fc.boolean(),
});

const cases = fc.oneof(randomCase, plausibleCase);

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const readJson = (text: string): unknown => {
  try { return JSON.parse(text.replace(/^\uFEFF/, '')); } catch { return undefined; }
};

async function sendCase(f: ReceiverFixture, c: Case) {
  let req = request(f.app).post(`/webhooks/mp${c.query ? `?${c.query}` : ''}`);
  for (const [name, value] of Object.entries(c.headers)) req = req.set(name, value);
  if (c.sign) {
    const dataId = new URLSearchParams(c.query).get('data.id') ?? undefined;
    req = req.set('x-signature', signHeader({ dataId, requestId: c.headers['x-request-id'] }));
  }
  if (c.contentType !== undefined) req = req.set('content-type', c.contentType);
  return c.body.length > 0 ? req.serialize(asIs).send(c.body) : req.send();
}

describe.each([
  ['without a webhook secret', {}],
  ['with a webhook secret', { MP_WEBHOOK_SECRET: SECRET }],
])('POST /webhooks/mp under random input %s', (_name, env) => {
  let f: ReceiverFixture;
  beforeAll(async () => { f = await createReceiverFixture(env); });
  afterAll(async () => { await f.t.destroy(); });

  it('never answers 5xx and only a 200 "received" creates a row', async () => {
    await fc.assert(fc.asyncProperty(cases, async (c) => {
      const before = await f.count();
      const res = await sendCase(f, c);
      const after = await f.count();
      expect(res.status).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      if (res.status === 200) {
        expect(['received', 'duplicate']).toContain(res.body.status);
        expect(after - before).toBe(res.body.status === 'received' ? 1 : 0);
      } else {
        expect(after).toBe(before);
        expect(typeof res.body.error).toBe('string');
      }
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 250) });
    const rows = await f.rows();
    for (const row of rows) {
      expect(String(row.resource_id)).toMatch(RESOURCE_ID);
      expect(String(row.topic)).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
      expect(String(row.headers)).not.toMatch(/authorization/i);
    }
    if ('MP_WEBHOOK_SECRET' in env) {
      // with a secret, only a validly signed request or a pure IPN (no Webhooks trait at all) gets stored
      for (const row of rows.filter((r) => r.signature !== 'valid')) {
        expect(row).toMatchObject({ source: 'ipn', signature: 'unsigned' });
        const query = JSON.parse(String(row.query)) as Record<string, string>;
        expect([query['data.id']?.trim(), query.type?.trim()].filter(Boolean)).toEqual([]);
        const body = readJson(String(row.payload));
        expect(isObject(body) && (isObject(body.data) || typeof body.type === 'string')).toBe(false);
      }
    }
  });
});
