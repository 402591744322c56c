import { createFakeGhl, FakeGhl, FakeGhlLocation } from '@ghl-payments/sandbox';
import { ghlAuth, http } from './http-client';

const FORBIDDEN = { statusCode: 403, message: 'The token does not have access to this location.' };
const TOKEN_A = 'TEST-ghl-token';
const TOKEN_B = 'TEST-ghl-token-b';
const LOCATIONS = [{ locationId: 'loc-b', token: TOKEN_B }, { locationId: 'loc-c', token: 'TEST-ghl-token-c' }];

describe('fake GoHighLevel with several locations (sub-accounts)', () => {
  let ghl: FakeGhl;
  let a: FakeGhlLocation;
  let b: FakeGhlLocation;
  beforeAll(async () => {
    ghl = await createFakeGhl({ locations: LOCATIONS });
    a = ghl.location('loc-test');
    b = ghl.location('loc-b');
  });
  afterEach(() => { ghl.reset(); ghl.setRateLimit(null); });
  afterAll(async () => { await ghl.close(); });

  const url = (path: string) => `${ghl.url}${path}`;

  it('binds each token to its location: each reads its own contacts and gets 403 for the other\'s', async () => {
    expect([a.locationId, a.token, b.locationId, b.token]).toEqual(['loc-test', TOKEN_A, 'loc-b', TOKEN_B]);
    const { id: ana } = a.addContact({ email: 'ana@example.com' });
    const { id: bob } = b.addContact({ email: 'bob@example.com' });
    const own = await Promise.all([http.get(url(`/contacts/${ana}`), ghlAuth(TOKEN_A)), http.get(url(`/contacts/${bob}`), ghlAuth(TOKEN_B))]);
    expect(own.map((r) => r.status)).toEqual([200, 200]);
    expect(own[1].data.contact).toMatchObject({ id: bob, email: 'bob@example.com', locationId: 'loc-b' });
    const crossed = await Promise.all([
      http.get(url(`/contacts/${bob}`), ghlAuth(TOKEN_A)),
      http.get(url(`/contacts/${ana}`), ghlAuth(TOKEN_B)),
      http.post(url(`/contacts/${ana}/tags`), { tags: ['x'] }, ghlAuth(TOKEN_B)),
      http.get(url('/contacts/search/duplicate?locationId=loc-test&email=ana%40example.com'), ghlAuth(TOKEN_B)),
      http.get(url('/locations/loc-b'), ghlAuth(TOKEN_A)),
      http.post(url('/contacts/upsert'), { locationId: 'loc-test', email: 'eve@example.com' }, ghlAuth(TOKEN_B)),
    ]);
    for (const res of crossed) expect([res.status, res.data]).toEqual([403, FORBIDDEN]);
    expect(a.tagCalls()).toEqual([]);
    expect(b.tagCalls()).toEqual([]);
    expect(a.findContactByEmail('eve@example.com')).toBeUndefined();

    const location = await http.get(url('/locations/loc-b'), ghlAuth(TOKEN_B));
    expect(location.data.location).toMatchObject({ id: 'loc-b' });
    const found = await http.get(url('/contacts/search/duplicate?locationId=loc-b&email=bob%40example.com'), ghlAuth(TOKEN_B));
    expect(found.data.contact).toMatchObject({ id: bob });
  });

  it('keeps the same email as two contacts in two locations, and records tag calls per location', async () => {
    const upsert = (token: string, locationId: string) => http.post(url('/contacts/upsert'), { locationId, email: 'same@example.com' }, ghlAuth(token));
    const [inA, inB] = [await upsert(TOKEN_A, 'loc-test'), await upsert(TOKEN_B, 'loc-b')];
    expect([inA.data.new, inB.data.new]).toEqual([true, true]);
    expect(inB.data.contact).toMatchObject({ locationId: 'loc-b' });
    expect(inA.data.contact.id).not.toBe(inB.data.contact.id);
    expect(a.findContactByEmail('same@example.com')?.id).toBe(inA.data.contact.id);
    expect(b.findContactByEmail('same@example.com')?.id).toBe(inB.data.contact.id);
    expect(ghl.findContactByEmail('same@example.com')?.id).toBe(inA.data.contact.id);

    const tagged = await http.post(url(`/contacts/${inB.data.contact.id}/tags`), { tags: ['pago-aprobado'] }, ghlAuth(TOKEN_B));
    expect(tagged.status).toBe(201);
    expect(b.tagCalls()).toEqual([{ contactId: inB.data.contact.id, tags: ['pago-aprobado'], at: expect.any(Number) }]);
    expect(ghl.tagCalls()).toEqual([]);
    expect(b.getContact(inB.data.contact.id)?.tags).toEqual(['pago-aprobado']);
    expect(a.getContact(inB.data.contact.id)).toBeUndefined();
    expect(ghl.getContact(inB.data.contact.id)?.locationId).toBe('loc-b');
  });

  it('keeps custom fields, their values, notes, workflows and opportunities per location', async () => {
    const amountA = a.addCustomField({ key: 'mp_amount' });
    const amountB = b.addCustomField({ key: 'mp_amount', dataType: 'MONETORY' });
    expect(amountB).not.toBe(amountA);
    const listed = await http.get(url('/locations/loc-b/customFields'), ghlAuth(TOKEN_B));
    expect(listed.data.customFields).toEqual([expect.objectContaining({ id: amountB, locationId: 'loc-b', dataType: 'MONETORY' })]);
    expect((await http.get(url('/locations/loc-b/customFields'), ghlAuth(TOKEN_A))).status).toBe(403);
    expect(ghl.customFields().map((f) => f.id)).toEqual([amountA]);

    const { id } = b.addContact({ email: 'cf@example.com' });
    const put = await http.put(url(`/contacts/${id}`), { customFields: [{ id: amountB, field_value: '99.5' }] }, ghlAuth(TOKEN_B));
    expect(put.data.contact.customFields).toEqual([{ id: amountB, value: '99.5' }]);
    expect(b.customFieldValues(id)).toEqual({ [amountB]: '99.5' });
    expect(a.customFieldValues(id)).toEqual({});
    expect(ghl.getContact(id)?.customFields).toEqual([{ id: amountB, value: '99.5' }]);

    await http.post(url(`/contacts/${id}/notes`), { body: 'Pago 1 aprobado' }, ghlAuth(TOKEN_B));
    await http.post(url(`/contacts/${id}/workflow/wf-1`), {}, ghlAuth(TOKEN_B));
    const opportunity = await http.post(url('/opportunities/upsert'), { locationId: 'loc-b', pipelineId: 'pipe-1', contactId: id }, ghlAuth(TOKEN_B));
    expect(opportunity.data.opportunity).toMatchObject({ contactId: id, locationId: 'loc-b' });
    expect(b.notes(id).map((n) => n.body)).toEqual(['Pago 1 aprobado']);
    expect(b.workflowsOf(id)).toEqual(['wf-1']);
    expect(b.workflowCalls()).toHaveLength(1);
    expect(b.opportunities()).toHaveLength(1);
    expect([ghl.notes(id), ghl.workflowCalls(), ghl.opportunities()]).toEqual([[], [], []]);
  });

  it('gives each location its own rate-limit window: one exhausting its budget does not 429 another', async () => {
    ghl.setRateLimit({ requests: 2, perMs: 60_000 });
    const get = (token: string, location: string) => http.get(url(`/locations/${location}`), ghlAuth(token));
    const exhausted = [await get(TOKEN_A, 'loc-test'), await get(TOKEN_A, 'loc-test'), await get(TOKEN_A, 'loc-test')];
    expect(exhausted.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(exhausted.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['1', '0', '0']);
    const other = await get(TOKEN_B, 'loc-b');
    expect(other.status).toBe(200);
    expect([other.headers['x-ratelimit-max'], other.headers['x-ratelimit-remaining']]).toEqual(['2', '1']);
    expect([a.rateLimited(), b.rateLimited(), ghl.rateLimited()]).toEqual([1, 0, 1]);

    await get(TOKEN_B, 'loc-b');
    expect((await get(TOKEN_B, 'loc-b')).status).toBe(429);
    expect((await get('TEST-ghl-token-c', 'loc-c')).status).toBe(200);
    expect([a.rateLimited(), b.rateLimited(), ghl.rateLimited()]).toEqual([1, 1, 2]);

    b.setRateLimit(null);
    const unlimited = await get(TOKEN_B, 'loc-b');
    expect([unlimited.status, unlimited.headers['x-ratelimit-max']]).toEqual([200, '100']);
    expect((await get(TOKEN_A, 'loc-test')).status).toBe(429);
    ghl.setRateLimit({ requests: 2, perMs: 60_000 });
    expect((await get(TOKEN_A, 'loc-test')).status).toBe(200);
  });

  it('applies a location\'s faults to its token only', async () => {
    const { id } = b.addContact({ email: 'fault@example.com' });
    b.fail({ status: 500, times: Infinity });
    for (let i = 0; i < 2; i += 1) {
      const res = await http.get(url(`/contacts/${id}`), ghlAuth(TOKEN_B));
      expect([res.status, res.data]).toEqual([500, { statusCode: 500, message: 'Internal Server Error' }]);
    }
    expect((await http.get(url('/locations/loc-test'), ghlAuth(TOKEN_A))).status).toBe(200);
    expect((await http.get(url(`/contacts/${id}`))).status).toBe(401);
    b.clearFaults();
    b.fail({ path: '/contacts/:contactId/tags', status: 429, headers: { 'Retry-After': '1' } });
    const limited = await http.post(url(`/contacts/${id}/tags`), { tags: ['x'] }, ghlAuth(TOKEN_B));
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '1']);
    expect((await http.post(url(`/contacts/${id}/tags`), { tags: ['x'] }, ghlAuth(TOKEN_B))).status).toBe(201);
    expect([b.rateLimited(), a.rateLimited(), ghl.rateLimited()]).toEqual([1, 0, 1]);

    // a server-wide fault hits every token; clearFaults on the fake drops the locations' faults too
    ghl.fail({ status: 503 });
    expect((await http.get(url('/locations/loc-b'), ghlAuth(TOKEN_B))).status).toBe(503);
    b.fail({ status: 500, times: Infinity });
    ghl.clearFaults();
    expect((await http.get(url('/locations/loc-b'), ghlAuth(TOKEN_B))).status).toBe(200);
  });

  it('reset forgets every location\'s data and calls; location() refuses a location without a token', async () => {
    const { id } = b.addContact({ email: 'r@example.com' });
    b.addCustomField({ key: 'mp_status' });
    await http.post(url(`/contacts/${id}/tags`), { tags: ['t'] }, ghlAuth(TOKEN_B));
    b.fail({ status: 500 });
    ghl.reset();
    expect([b.getContact(id), b.tagCalls(), b.customFields()]).toEqual([undefined, [], []]);
    expect((await http.get(url('/locations/loc-b'), ghlAuth(TOKEN_B))).status).toBe(200);
    expect(() => ghl.location('loc-other')).toThrow(/no token for location loc-other/);
    expect(() => b.addContact({ email: 'x@example.com', locationId: 'loc-test' })).toThrow(/cannot seed/);
    a.addContact({ id: 'shared-id', email: 's@example.com' });
    expect(() => b.addContact({ id: 'shared-id', email: 's@example.com' })).toThrow(/already exists in location loc-test/);
  });
});

describe('fake GoHighLevel locations option', () => {
  it('refuses a location id or a token used twice', async () => {
    await expect(createFakeGhl({ locations: [{ locationId: 'loc-test', token: 'other' }] })).rejects.toThrow(/configured twice/);
    await expect(createFakeGhl({ locations: [{ locationId: 'loc-b', token: 'TEST-ghl-token' }] })).rejects.toThrow(/share one token/);
  });

  it('keeps a single-location fake as it was: location() of the default one is the top-level state', async () => {
    const ghl = await createFakeGhl({ token: 'pit-x', locationId: 'loc-x', rateLimit: { requests: 1, perMs: 60_000 } });
    try {
      const view = ghl.location('loc-x');
      const { id } = ghl.addContact({ email: 'one@example.com' });
      expect(view.getContact(id)).toMatchObject({ locationId: 'loc-x' });
      await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['t'] }, ghlAuth('pit-x'));
      expect((await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['t'] }, ghlAuth('pit-x'))).status).toBe(429);
      expect(view.tagCalls()).toEqual(ghl.tagCalls());
      expect([view.rateLimited(), ghl.rateLimited()]).toEqual([1, 1]);
    } finally {
      await ghl.close();
    }
  });
});
