import { PermanentError, RetryableError } from '@ghl-payments/core';
import { createCallCounters, createGhlClient, GhlClient, GhlClientOptions, readGhlPause, UpstreamCall } from '@ghl-payments/pipeline';
import { createFakeGhl, FakeGhl } from '@ghl-payments/sandbox';
import { rejectionOf } from './support/pipeline-fixture';

const TOKEN = 'pit-secret-ghl-token-456';

describe('createGhlClient', () => {
  let ghl: FakeGhl;
  const clients: GhlClient[] = [];
  const client = (overrides: Partial<GhlClientOptions> = {}) => {
    const created = createGhlClient({
      apiUrl: ghl.url, token: TOKEN, locationId: 'loc-test', apiVersion: '2021-07-28', timeoutMs: 300, rateLimit: null, now: Date.now, ...overrides,
    });
    clients.push(created);
    return created;
  };
  beforeAll(async () => { ghl = await createFakeGhl({ token: TOKEN, locationId: 'loc-test' }); });
  afterEach(() => { ghl.reset(); ghl.setRateLimit(null); clients.splice(0).forEach((c) => c.close()); });
  afterAll(async () => { await ghl.close(); });

  it('upserts a contact without tags, adds tags and reads the location, with Bearer, Version and Accept headers', async () => {
    const c = client();
    const id = await c.upsertContact({ email: 'ana@example.com', firstName: 'Ana', lastName: null });
    await c.addTags(id, ['pago-aprobado', 'vip']);
    expect(await c.getLocation()).toMatchObject({ id: 'loc-test', name: 'Sandbox Location' });

    expect(ghl.getContact(id)).toMatchObject({ email: 'ana@example.com', firstName: 'Ana', tags: ['pago-aprobado', 'vip'] });
    const [upsert, tags, location] = ghl.requests;
    expect(upsert.body).toEqual({ locationId: 'loc-test', email: 'ana@example.com', firstName: 'Ana' });
    expect(tags).toMatchObject({ method: 'POST', path: `/contacts/${id}/tags`, body: { tags: ['pago-aprobado', 'vip'] } });
    expect(location).toMatchObject({ method: 'GET', path: '/locations/loc-test' });
    for (const r of ghl.requests) {
      expect(r.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, version: '2021-07-28', accept: 'application/json' });
    }
  });

  it('makes a 422 permanent with GHL\'s messages (an array) and a 400 permanent with its message', async () => {
    const c = client();
    const invalid = await rejectionOf(c.upsertContact({ email: 'not-an-email' }));
    expect(invalid).toBeInstanceOf(PermanentError);
    expect(invalid.message).toBe('GoHighLevel rejected POST /contacts/upsert (HTTP 422: email must be an email)');
    const unknown = await rejectionOf(c.addTags('no-such-contact', ['x']));
    expect(unknown).toBeInstanceOf(PermanentError);
    expect(unknown.message).toBe('GHL contact no-such-contact not found in GoHighLevel (deleted, or merged into another contact)');
    expect(unknown).toMatchObject({ reason: 'contact-not-found', service: 'ghl' });
  });

  it('refuses a contact id that could not be a GHL id without calling GHL', async () => {
    expect(await rejectionOf(client().addTags('../locations/x', ['a']))).toBeInstanceOf(PermanentError);
    expect(ghl.requests).toHaveLength(0);
  });

  it('defers a 429 by X-RateLimit-Interval-Milliseconds, not counted, and holds later calls', async () => {
    const now = 1_700_000_000_000;
    ghl.fail({ status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '8000' } });
    const c = client({ now: () => now, maxRateLimitWaitMs: 1000 });
    const error = await rejectionOf(c.upsertContact({ email: 'a@example.com' }));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: false, notBefore: now + 8000, service: 'ghl' });
    const held = await rejectionOf(c.upsertContact({ email: 'a@example.com' }));
    expect(held).toMatchObject({ countsAsAttempt: false, notBefore: now + 8000 });
    expect(ghl.requests).toHaveLength(1);
  });

  it('pauses for an hour when the daily budget is spent', async () => {
    const now = 1_700_000_000_000;
    ghl.fail({ status: 429, headers: { 'x-ratelimit-daily-remaining': '0' } });
    expect(await rejectionOf(client({ now: () => now }).upsertContact({ email: 'a@example.com' })))
      .toMatchObject({ countsAsAttempt: false, notBefore: now + 3_600_000 });
  });

  it('honours the longer of Retry-After and X-RateLimit-Interval-Milliseconds', async () => {
    const now = 1_700_000_000_000;
    // the fake also sends its usual X-RateLimit-Interval-Milliseconds: 10000
    ghl.fail({ status: 429, headers: { 'retry-after': '60' } });
    const error = await rejectionOf(client({ now: () => now, maxRateLimitWaitMs: 1000 }).upsertContact({ email: 'a@example.com' }));
    expect(error).toMatchObject({ countsAsAttempt: false, notBefore: now + 60_000, service: 'ghl' });
    expect(readGhlPause({ 'Retry-After': '5', 'X-RateLimit-Interval-Milliseconds': '10000' }, now)).toEqual({ ms: 10_000, daily: false });
    expect(readGhlPause({ 'retry-after': new Date(now + 120_000).toUTCString() }, now)).toEqual({ ms: 120_000, daily: false });
    expect(readGhlPause({ 'retry-after': '86400' }, now)).toEqual({ ms: 86_400_000, daily: true });
    expect(readGhlPause({}, now)).toBeUndefined();
  });

  it('reports a daily-limit pause once, and holds every later call until it ends without calling GHL', async () => {
    let now = 1_700_000_000_000;
    const counters = createCallCounters();
    ghl.fail({ status: 429, headers: { 'retry-after': '86400' }, times: 2 });
    const c = client({ now: () => now, hooks: counters.hooks });
    const first = await rejectionOf(c.upsertContact({ email: 'a@example.com' }));
    expect(first).toMatchObject({ countsAsAttempt: false, notBefore: now + 86_400_000 });
    expect(counters.pauses).toEqual([{ service: 'ghl', until: now + 86_400_000, daily: true, reason: expect.stringMatching(/^daily GoHighLevel limit reached \(HTTP 429, Retry-After 86400/) }]);
    now += 60_000;
    const held = await rejectionOf(c.addTags('abc123', ['x']));
    expect(held).toMatchObject({ countsAsAttempt: false, notBefore: 1_700_000_000_000 + 86_400_000 });
    expect(held.message).toMatch(/^GoHighLevel paused until .*daily GoHighLevel limit reached/);
    expect(ghl.requests).toHaveLength(1);
    expect(c.paused()).toMatchObject({ until: 1_700_000_000_000 + 86_400_000 });
    expect(counters.pauses).toHaveLength(1);
  });

  it('applies a pause recorded elsewhere (another worker) without reporting it again', async () => {
    const now = 1_700_000_000_000;
    const counters = createCallCounters();
    const c = client({ now: () => now, hooks: counters.hooks });
    c.pause(now + 3_600_000, 'daily GoHighLevel limit reached');
    expect(await rejectionOf(c.upsertContact({ email: 'a@example.com' }))).toMatchObject({ countsAsAttempt: false, notBefore: now + 3_600_000 });
    expect(ghl.requests).toHaveLength(0);
    expect(counters.pauses).toHaveLength(0);
  });

  it('names the resource of every call for the circuit breaker (a hash for an upsert, the id for tags)', async () => {
    const calls: UpstreamCall[] = [];
    const c = client({ hooks: { onCall: (call) => calls.push(call) } });
    const id = await c.upsertContact({ email: 'Ana@Example.com' });
    await c.addTags(id, ['x']);
    await c.upsertContact({ email: 'ana@example.com' });
    expect(calls.map((call) => call.resource)).toEqual([expect.stringMatching(/^POST \/contacts\/upsert [0-9a-f]{16}$/), `POST /contacts/${id}/tags`, calls[0].resource]);
    expect(calls[0].resource).not.toContain('ana');
    expect(calls.every((call) => call.scope === 'request')).toBe(true);
    const refused = createGhlClient({ apiUrl: 'http://127.0.0.1:1', token: TOKEN, locationId: 'loc-test', apiVersion: '2021-07-28', timeoutMs: 300, rateLimit: null, now: Date.now, hooks: { onCall: (call) => calls.push(call) } });
    clients.push(refused);
    await rejectionOf(refused.addTags('abc', ['x']));
    expect(calls[calls.length - 1]).toMatchObject({ status: 'network-error', scope: 'host', resource: 'POST /contacts/abc/tags' });
  });

  it('waits out the interval when X-RateLimit-Remaining reaches 0, so GHL never answers 429', async () => {
    ghl.setRateLimit({ requests: 2, perMs: 500 });
    const counters = createCallCounters();
    const c = client({ hooks: counters.hooks });
    const id = await c.upsertContact({ email: 'b@example.com' });
    const started = Date.now();
    await c.addTags(id, ['one']);
    await c.addTags(id, ['two']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(ghl.rateLimited()).toBe(0);
    expect(counters.calls.ghl).toEqual({ 200: 1, 201: 2 });
    expect(counters.rateLimitWaits.ghl).toMatchObject({ waited: 1, deferred: 0 });
  });

  it('keeps concurrent calls under the client-side limit', async () => {
    const c = client({ rateLimit: { requests: 3, perMs: 400 } });
    const id = await c.upsertContact({ email: 'c@example.com' });
    const started = Date.now();
    await Promise.all(Array.from({ length: 7 }, (_, i) => c.addTags(id, [`t${i}`])));
    expect(Date.now() - started).toBeGreaterThanOrEqual(750); // 3 + 3 + 1 calls: two full windows
    const times = ghl.requests.map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u > t - 300 && u <= t).length).toBeLessThanOrEqual(3);
  });

  it('names the variable to check when GHL refuses the token', async () => {
    const error = await rejectionOf(client({ token: 'pit-wrong' }).addTags('abc', ['x']));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toContain('HTTP 401: Invalid token: access token is invalid): check GHL_API_TOKEN');
  });

  it('makes a 403 for another location permanent on upsert and getLocation, naming GHL_LOCATION_ID and the scope hint otherwise', async () => {
    const c = client({ locationId: 'loc-elsewhere' });
    const upsert = await rejectionOf(c.upsertContact({ email: 'z@example.com' }));
    expect(upsert).toBeInstanceOf(PermanentError);
    expect(upsert.message).toBe('GoHighLevel refused POST /contacts/upsert: the token does not have access to location loc-elsewhere (HTTP 403); '
      + 'check GHL_LOCATION_ID and that GHL_API_TOKEN belongs to that sub-account');
    const location = await rejectionOf(c.getLocation());
    expect(location).toBeInstanceOf(PermanentError);
    expect(location.message).toMatch(/^GoHighLevel refused GET \/locations\/loc-elsewhere: the token does not have access to location loc-elsewhere/);
    const wrongToken = await rejectionOf(client({ token: 'pit-wrong' }).getLocation());
    expect(wrongToken).toBeInstanceOf(RetryableError);
    expect(wrongToken.message).toContain('check GHL_API_TOKEN (its scopes must include locations.readonly) and GHL_LOCATION_ID');
  });

  it('fails retryably, naming the variable, when the token or location is missing', async () => {
    const noToken = await rejectionOf(client({ token: undefined }).addTags('abc', ['x']));
    expect(noToken).toBeInstanceOf(RetryableError);
    expect(noToken.message).toContain('GHL_API_TOKEN is not set');
    const noLocation = await rejectionOf(client({ locationId: '' }).upsertContact({ email: 'd@example.com' }));
    expect(noLocation).toBeInstanceOf(RetryableError);
    expect(noLocation.message).toContain('GHL_LOCATION_ID is not set');
    expect(ghl.requests).toHaveLength(0);
  });

  it('makes a timeout retryable and a malformed answer permanent', async () => {
    ghl.fail({ hang: true });
    const timeout = await rejectionOf(client().upsertContact({ email: 'e@example.com' }));
    expect(timeout).toBeInstanceOf(RetryableError);
    expect(timeout.message).toBe('GoHighLevel POST /contacts/upsert timed out after 300ms');
    ghl.fail({ malformed: true });
    const malformed = await rejectionOf(client().upsertContact({ email: 'e@example.com' }));
    expect(malformed).toBeInstanceOf(PermanentError);
    expect(malformed.message).toMatch(/^malformed response from GoHighLevel POST \/contacts\/upsert/);
  });

  it('never sends a body larger than 1 MiB', async () => {
    const c = client();
    const id = await c.upsertContact({ email: 'f@example.com' });
    const error = await rejectionOf(c.addTags(id, Array.from({ length: 1100 }, (_, i) => `${i}-${'x'.repeat(1000)}`)));
    expect(error.message).toBe(`GoHighLevel POST /contacts/${id}/tags network error: ERR_BAD_REQUEST`);
    expect(ghl.requests.map((r) => r.path)).toEqual(['/contacts/upsert']);
  });
});
