import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago, MALFORMED_JSON } from '@ghl-payments/sandbox';
import { ghlAuth, http, mpAuth } from './http-client';

describe('fault injection', () => {
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  beforeAll(async () => { [mp, ghl] = await Promise.all([createFakeMercadoPago(), createFakeGhl()]); });
  beforeEach(() => {
    mp.reset();
    ghl.reset();
    mp.setPayment({ id: 1 });
  });
  afterAll(async () => { await Promise.all([mp.close(), ghl.close()]); });

  const getPayment = () => http.get(`${mp.url}/v1/payments/1`, mpAuth());

  it('answers the fault\'s status once by default, with the provider\'s error body', async () => {
    mp.fail({ status: 500 });
    const failed = await getPayment();
    expect(failed.status).toBe(500);
    expect(failed.data).toEqual({ message: 'Internal Server Error', error: 'internal_server_error', status: 500, cause: [] });
    expect((await getPayment()).status).toBe(200);
    ghl.fail({ status: 503 });
    const ghlFailed = await http.get(`${ghl.url}/locations/loc-test`, ghlAuth());
    expect(ghlFailed.status).toBe(503);
    expect(ghlFailed.data).toEqual({ statusCode: 503, message: 'Service Unavailable' });
  });

  it('applies faults before auth and records the faulted request', async () => {
    mp.fail({ status: 502, body: { custom: true } });
    const res = await http.get(`${mp.url}/v1/payments/1`);
    expect(res.status).toBe(502);
    expect(res.data).toEqual({ custom: true });
    expect(mp.requests).toHaveLength(1);
  });

  it('hits `times` requests, then the next rule, then normal handling', async () => {
    mp.fail({ status: 500, times: 2 });
    mp.fail({ status: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await getPayment()).status);
    expect(statuses).toEqual([500, 500, 503, 200]);
  });

  it('keeps an Infinity rule until clearFaults', async () => {
    mp.fail({ status: 500, times: Infinity });
    for (let i = 0; i < 5; i += 1) expect((await getPayment()).status).toBe(500);
    mp.clearFaults();
    expect((await getPayment()).status).toBe(200);
  });

  it('matches by method and by path (string with :params, or RegExp)', async () => {
    const { id } = ghl.addContact({ email: 'a@example.com' });
    ghl.fail({ method: 'post', path: '/contacts/:contactId/tags', status: 500 });
    ghl.fail({ path: /^\/locations\//, status: 502 });
    expect((await http.get(`${ghl.url}/contacts/${id}`, ghlAuth())).status).toBe(200);
    expect((await http.get(`${ghl.url}/locations/loc-test`, ghlAuth())).status).toBe(502);
    expect((await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['x'] }, ghlAuth())).status).toBe(500);
    expect((await http.post(`${ghl.url}/contacts/${id}/tags`, { tags: ['x'] }, ghlAuth())).status).toBe(201);
    expect(ghl.tagCalls()).toHaveLength(1);
  });

  it('carries Retry-After on a 429 and counts it as rate limited', async () => {
    mp.fail({ status: 429, headers: { 'Retry-After': '7' } });
    const res = await getPayment();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.data).toMatchObject({ status: 429, error: 'too_many_requests' });
    ghl.fail({ status: 429, headers: { 'X-RateLimit-Remaining': '0', 'Retry-After': '2' } });
    const limited = await http.get(`${ghl.url}/locations/loc-test`, ghlAuth());
    expect(limited.status).toBe(429);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-max']).toBe('100');
    expect(ghl.rateLimited()).toBe(1);
  });

  it('delays, then handles normally when the rule has no status', async () => {
    mp.fail({ delayMs: 400 });
    const started = Date.now();
    const res = await getPayment();
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(res.status).toBe(200);
    expect(res.data.id).toBe(1);
    const quick = Date.now();
    await getPayment();
    expect(Date.now() - quick).toBeLessThan(300);
  });

  it('decorates a normal answer with headers-only rules', async () => {
    ghl.fail({ headers: { 'X-RateLimit-Daily-Remaining': '0' } });
    const res = await http.get(`${ghl.url}/locations/loc-test`, ghlAuth());
    expect(res.status).toBe(200);
    expect(res.headers['x-ratelimit-daily-remaining']).toBe('0');
  });

  it('hangs until the client gives up, without answering', async () => {
    mp.fail({ hang: true });
    const started = Date.now();
    await expect(http.get(`${mp.url}/v1/payments/1`, { ...mpAuth(), timeout: 300 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await getPayment()).status).toBe(200);
  });

  it('answers malformed JSON that a client cannot parse', async () => {
    mp.fail({ malformed: true });
    const res = await http.get(`${mp.url}/v1/payments/1`, { ...mpAuth(), responseType: 'text', transitional: { silentJSONParsing: true, forcedJSONParsing: false } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.data).toBe(MALFORMED_JSON);
    expect(() => JSON.parse(res.data)).toThrow();
  });

  it('sends string bodies as-is, e.g. a proxy\'s HTML error page', async () => {
    mp.fail({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html' } });
    const res = await http.get(`${mp.url}/v1/payments/1`, { ...mpAuth(), responseType: 'text' });
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('text/html');
    expect(res.data).toBe('<html>Bad Gateway</html>');
  });

  it('adds the configured latency to every answer, faults included', async () => {
    mp.setLatency(150);
    mp.fail({ status: 500 });
    try {
      for (const expected of [500, 200]) {
        const started = Date.now();
        expect((await getPayment()).status).toBe(expected);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      }
    } finally {
      mp.setLatency(0);
    }
  });

  it('rejects rules that cannot be applied', () => {
    expect(() => mp.fail({ status: 1000 })).toThrow(/status/);
    expect(() => mp.fail({ status: 500, times: 0 })).toThrow(/times/);
    expect(() => mp.fail({ status: 500, times: 1.5 })).toThrow(/times/);
    expect(() => mp.setLatency(-1)).toThrow(/latency/);
  });
});
