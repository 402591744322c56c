import { createFakeGhl, FakeGhl } from '@ghl-payments/sandbox';
import { ghlAuth, http } from './http-client';

const UNAUTHORIZED = { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' };
const RATE_HEADERS = ['x-ratelimit-max', 'x-ratelimit-remaining', 'x-ratelimit-interval-milliseconds', 'x-ratelimit-limit-daily', 'x-ratelimit-daily-remaining'];

describe('fake GoHighLevel', () => {
  let ghl: FakeGhl;
  beforeAll(async () => { ghl = await createFakeGhl(); });
  afterEach(() => ghl.reset());
  afterAll(async () => { await ghl.close(); });

  const upsert = (body: Record<string, unknown>) => http.post(`${ghl.url}/contacts/upsert`, { locationId: 'loc-test', ...body }, ghlAuth());

  it('answers 401 without a valid bearer token', async () => {
    const { id } = ghl.addContact({ email: 'a@example.com' });
    const calls = [
      http.post(`${ghl.url}/contacts/upsert`, { locationId: 'loc-test', email: 'a@example.com' }, { headers: { Version: '2021-07-28' } }),
      http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['x'] }, ghlAuth('wrong')),
      http.get(`${ghl.url}/locations/loc-test`, ghlAuth('TEST-ghl-token-longer')),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(401);
      expect(res.data).toEqual(UNAUTHORIZED);
    }
    expect(ghl.tagCalls()).toEqual([]);
  });

  it('answers 401 without a Version header, or with one GoHighLevel does not publish, on every route', async () => {
    const headers = { Authorization: 'Bearer TEST-ghl-token' };
    const res = await http.post(`${ghl.url}/contacts/upsert`, { locationId: 'loc-test', email: 'a@example.com' }, { headers });
    expect(res.status).toBe(401);
    expect(res.data).toEqual({ statusCode: 401, message: 'version header was not found.' });
    const location = await http.get(`${ghl.url}/locations/loc-test`, { headers });
    expect(location.status).toBe(401);
    const invented = await http.get(`${ghl.url}/locations/loc-test`, { headers: { ...headers, Version: '2020-01-01' } });
    expect(invented.status).toBe(401);
    expect(invented.data).toEqual({ statusCode: 401, message: 'version header is invalid' });
    for (const version of ['2021-07-28', '2023-02-21']) {
      const ok = await http.get(`${ghl.url}/locations/loc-test`, { headers: { ...headers, Version: version } });
      expect(ok.status).toBe(200);
      expect(ok.data.location).toMatchObject({ id: 'loc-test', name: expect.any(String) });
    }
    expect((await http.get(`${ghl.url}/locations/other`, ghlAuth())).status).toBe(403);
    expect(ghl.findContactByEmail('a@example.com')).toBeUndefined();
  });

  it('upserts one contact per lower-cased email with a stable id', async () => {
    const first = await upsert({ email: 'Ana@Example.com', firstName: 'Ana' });
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ new: true, contact: { id: expect.any(String), email: 'Ana@Example.com', locationId: 'loc-test', tags: [] }, traceId: expect.any(String) });
    const second = await upsert({ email: 'ana@example.com', lastName: 'Pérez' });
    expect(second.data.new).toBe(false);
    expect(second.data.contact.id).toBe(first.data.contact.id);
    expect(ghl.getContact(first.data.contact.id)).toMatchObject({ firstName: 'Ana', lastName: 'Pérez' });
    const other = await upsert({ email: 'bob@example.com' });
    expect(other.data.contact.id).not.toBe(first.data.contact.id);
    ghl.reset();
    const again = await upsert({ email: 'ana@example.com' });
    expect(again.data.contact.id).toBe(first.data.contact.id);
  });

  it('rejects an upsert with a missing locationId or a bad email with 422, and another location\'s with 403', async () => {
    const missing = await http.post(`${ghl.url}/contacts/upsert`, { email: 'a@example.com' }, ghlAuth());
    expect(missing.status).toBe(422);
    expect(missing.data).toEqual({ statusCode: 422, message: ['locationId should not be empty'], error: 'Unprocessable Entity' });
    const wrong = await upsert({ locationId: 'elsewhere', email: 'a@example.com' });
    expect(wrong.status).toBe(403);
    expect(wrong.data).toEqual({ statusCode: 403, message: 'The token does not have access to this location.' });
    const badEmail = await upsert({ email: 'not-an-email' });
    expect(badEmail.status).toBe(422);
    expect(badEmail.data.message).toContain('email must be an email');
    expect(ghl.findContactByEmail('a@example.com')).toBeUndefined();
  });

  it('records every successful tag call and answers 201 with the current tags', async () => {
    const { data } = await upsert({ email: 'c@example.com' });
    const id = data.contact.id;
    const a = await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['pago-aprobado'] }, ghlAuth());
    expect(a.status).toBe(201);
    expect(a.data.tags).toEqual(['pago-aprobado']);
    const b = await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['pago-aprobado', 'vip'] }, ghlAuth());
    expect(b.data.tags).toEqual(['pago-aprobado', 'vip']);
    expect(ghl.tagCalls()).toEqual([
      { contactId: id, tags: ['pago-aprobado'], at: expect.any(Number) },
      { contactId: id, tags: ['pago-aprobado', 'vip'], at: expect.any(Number) },
    ]);
    const removed = await http.delete(`${ghl.url}/contacts/${id}/tags`, { ...ghlAuth(), data: { tags: ['vip'] } });
    expect(removed.status).toBe(200);
    expect(ghl.getContact(id)?.tags).toEqual(['pago-aprobado']);
    expect(ghl.tagCalls()).toHaveLength(2);
  });

  it('answers 400 for an unknown contact and 422 for bad tags, recording no tag call', async () => {
    const unknown = await http.post(`${ghl.url}/contacts/nope/tags`, { tags: ['x'] }, ghlAuth());
    expect(unknown.status).toBe(400);
    expect(unknown.data).toEqual({ statusCode: 400, message: 'Contact not found' });
    const { id } = ghl.addContact({ email: 'd@example.com' });
    for (const body of [{}, { tags: [] }, { tags: 'x' }, { tags: [1] }, { tags: [''] }]) {
      const res = await http.post(`${ghl.url}/contacts/${id}/tags`, body, ghlAuth());
      expect(res.status).toBe(422);
      expect(res.data).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    }
    expect(ghl.tagCalls()).toEqual([]);
    expect(ghl.getContact(id)?.tags).toEqual([]);
  });

  it('replaces all tags when an upsert carries tags (the behaviour our client must avoid)', async () => {
    const { id } = ghl.addContact({ email: 'e@example.com', tags: ['cliente', 'pago-aprobado'] });
    const res = await upsert({ email: 'e@example.com', tags: ['nuevo'] });
    expect(res.data.contact.tags).toEqual(['nuevo']);
    expect(ghl.getContact(id)?.tags).toEqual(['nuevo']);
    await upsert({ email: 'e@example.com', firstName: 'E' });
    expect(ghl.getContact(id)?.tags).toEqual(['nuevo']);
  });

  it('finds contacts by id and by email', async () => {
    const { id } = ghl.addContact({ id: 'seeded-1', email: 'F@example.com', firstName: 'F' });
    expect(id).toBe('seeded-1');
    const byId = await http.get(`${ghl.url}/contacts/seeded-1`, ghlAuth());
    expect(byId.data.contact).toMatchObject({ id: 'seeded-1', email: 'F@example.com', firstName: 'F' });
    const found = await http.get(`${ghl.url}/contacts/search/duplicate?locationId=loc-test&email=${encodeURIComponent('f@example.com')}`, ghlAuth());
    expect(found.status).toBe(200);
    expect(found.data.contact.id).toBe('seeded-1');
    const none = await http.get(`${ghl.url}/contacts/search/duplicate?locationId=loc-test&email=zz%40example.com`, ghlAuth());
    expect(none.data.contact).toBeNull();
    const noLocation = await http.get(`${ghl.url}/contacts/search/duplicate?email=f%40example.com`, ghlAuth());
    expect(noLocation.status).toBe(422);
    expect((await http.get(`${ghl.url}/contacts/missing`, ghlAuth())).status).toBe(400);
    expect(() => ghl.addContact({ id: 'other', email: 'f@example.com' })).toThrow(/already belongs/);
  });

  it('reports GoHighLevel\'s default budget in headers on every answer when unlimited', async () => {
    const answers = await Promise.all([
      upsert({ email: 'g@example.com' }),
      http.get(`${ghl.url}/contacts/x`, {}),
      http.get(`${ghl.url}/no-such-route`, ghlAuth()),
    ]);
    for (const res of answers) {
      for (const name of RATE_HEADERS) expect(res.headers[name]).toMatch(/^\d+$/);
      expect(res.headers['x-ratelimit-max']).toBe('100');
      expect(res.headers['x-ratelimit-interval-milliseconds']).toBe('10000');
    }
    expect(answers[2].status).toBe(404);
    expect(answers[2].data).toMatchObject({ statusCode: 404, message: 'Cannot GET /no-such-route' });
    expect(ghl.rateLimited()).toBe(0);
  });
});

describe('fake GoHighLevel rate limit', () => {
  it('answers 429 beyond the budget, counts them, and recovers when the window slides', async () => {
    const ghl = await createFakeGhl({ rateLimit: { requests: 3, perMs: 300 } });
    try {
      const { id } = ghl.addContact({ email: 'h@example.com' });
      const tag = () => http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['t'] }, ghlAuth());
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await tag());
      expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 429, 429]);
      expect(answers.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0', '0', '0']);
      expect(answers[3].headers['x-ratelimit-max']).toBe('3');
      expect(answers[3].headers['x-ratelimit-interval-milliseconds']).toBe('300');
      expect(answers[3].data).toMatchObject({ statusCode: 429 });
      expect(ghl.rateLimited()).toBe(2);
      expect(ghl.tagCalls()).toHaveLength(3);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await tag()).status).toBe(201);
      const unauthorized = await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['t'] }, ghlAuth('nope'));
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers['x-ratelimit-remaining']).toBe('2');
      ghl.reset();
      expect(ghl.rateLimited()).toBe(0);
    } finally {
      await ghl.close();
    }
  });

  it('enforces an optional daily cap and reports it in the daily headers', async () => {
    const ghl = await createFakeGhl({ rateLimit: { requests: 100, perMs: 10_000, daily: 2 } });
    try {
      const get = () => http.get(`${ghl.url}/locations/loc-test`, ghlAuth());
      const answers = [await get(), await get(), await get()];
      expect(answers.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(answers.map((r) => r.headers['x-ratelimit-daily-remaining'])).toEqual(['1', '0', '0']);
      expect(answers[0].headers['x-ratelimit-limit-daily']).toBe('2');
      ghl.setRateLimit(null);
      expect((await get()).status).toBe(200);
    } finally {
      await ghl.close();
    }
  });
});
