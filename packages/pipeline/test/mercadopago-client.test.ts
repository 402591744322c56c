import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { PermanentError, RetryableError } from '@ghl-payments/core';
import { createCallCounters, createMercadoPagoClient, MercadoPagoClient, MercadoPagoClientOptions } from '@ghl-payments/pipeline';
import { createFakeMercadoPago, FakeMercadoPago } from '@ghl-payments/sandbox';
import { closedPortUrl } from './support/closed-port-url';
import { rejectionOf } from './support/pipeline-fixture';

const TOKEN = 'APP_USR-secret-mp-token-123';
const NOW = 1_700_000_000_000;

describe('createMercadoPagoClient', () => {
  let mp: FakeMercadoPago;
  const clients: MercadoPagoClient[] = [];
  const client = (overrides: Partial<MercadoPagoClientOptions> = {}) => {
    const created = createMercadoPagoClient({ apiUrl: mp.url, accessToken: TOKEN, timeoutMs: 300, now: () => NOW, ...overrides });
    clients.push(created);
    return created;
  };
  beforeAll(async () => { mp = await createFakeMercadoPago({ accessToken: TOKEN }); });
  afterEach(() => { mp.reset(); clients.splice(0).forEach((c) => c.close()); });
  afterAll(async () => { await mp.close(); });

  it('reads payments, merchant orders and the current user with Bearer auth', async () => {
    mp.setPayment({ id: 11, status: 'approved' });
    mp.setMerchantOrder({ id: 12, payments: [{ id: 11 }] });
    const c = client();
    expect(await c.getPayment(11)).toMatchObject({ id: 11, status: 'approved' });
    expect(await c.getMerchantOrder('12')).toMatchObject({ id: 12, payments: [expect.objectContaining({ id: 11 })] });
    expect(await c.getCurrentUser()).toMatchObject({ id: expect.any(Number), nickname: expect.any(String) });
    expect(mp.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v1/payments/11', `Bearer ${TOKEN}`], ['GET', '/merchant_orders/12', `Bearer ${TOKEN}`], ['GET', '/users/me', `Bearer ${TOKEN}`],
    ]);
  });

  it('reports every call to the hooks by status', async () => {
    const counters = createCallCounters();
    mp.setPayment({ id: 13 });
    const c = client({ hooks: counters.hooks });
    await c.getPayment(13);
    await rejectionOf(c.getPayment(14));
    expect(counters.calls.mercadopago).toEqual({ 200: 1, 404: 1 });
  });

  it.each([500, 502, 503])('makes HTTP %i retryable', async (status) => {
    mp.fail({ status });
    const error = await rejectionOf(client().getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: true, service: 'mercadopago', notBefore: undefined });
    expect(error.message).toContain(`GET /v1/payments/1 failed with HTTP ${status}`);
  });

  it('makes a timeout retryable', async () => {
    mp.fail({ hang: true });
    const started = Date.now();
    const error = await rejectionOf(client().getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago GET /v1/payments/1 timed out after 300ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('makes a network error retryable', async () => {
    const error = await rejectionOf(client({ apiUrl: await closedPortUrl() }).getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago GET /v1/payments/1 network error: ECONNREFUSED');
  });

  it('defers a 429 by its Retry-After without counting the attempt', async () => {
    mp.fail({ status: 429, headers: { 'Retry-After': '30' } });
    const error = await rejectionOf(client().getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ countsAsAttempt: false, notBefore: NOW + 30_000, service: 'mercadopago' });
  });

  it('defers a 429 without Retry-After by 10 seconds', async () => {
    mp.fail({ status: 429 });
    expect(await rejectionOf(client().getPayment(1))).toMatchObject({ countsAsAttempt: false, notBefore: NOW + 10_000 });
  });

  it('makes a 404 permanent: the payment is of another account or environment', async () => {
    const error = await rejectionOf(client().getPayment(404404));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe('payment 404404 not found: it may belong to another account or the test environment');
  });

  it('makes malformed JSON and an unexpected shape permanent', async () => {
    mp.fail({ malformed: true });
    const truncated = await rejectionOf(client().getPayment(1));
    expect(truncated).toBeInstanceOf(PermanentError);
    expect(truncated.message).toMatch(/^malformed response from MercadoPago GET \/v1\/payments\/1: /);
    mp.fail({ status: 200, body: { id: 1, status: 42 } });
    const wrongShape = await rejectionOf(client().getPayment(1));
    expect(wrongShape).toBeInstanceOf(PermanentError);
    expect(wrongShape.message).toContain('status');
  });

  it('keeps a rejected token retryable and names the variable to check', async () => {
    const error = await rejectionOf(client({ accessToken: 'APP_USR-wrong-token' }).getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago refused the credentials on GET /v1/payments/1 (HTTP 401: Must provide your access_token to proceed): check MP_ACCESS_TOKEN');
  });

  it('fails retryably without calling MercadoPago when MP_ACCESS_TOKEN is not set', async () => {
    const error = await rejectionOf(client({ accessToken: undefined }).getPayment(1));
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toContain('MP_ACCESS_TOKEN is not set');
    expect(mp.requests).toHaveLength(0);
  });
});

/** What stock axios on its http adapter does for these clients at the HTTP level, against a raw node:http server. */
describe('createMercadoPagoClient on a misbehaving HTTP server', () => {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let handler: Handler = (_req, res) => res.end();
  let server: http.Server;
  let url: string;
  const clients: MercadoPagoClient[] = [];
  const client = (timeoutMs = 300) => {
    const created = createMercadoPagoClient({ apiUrl: url, accessToken: TOKEN, timeoutMs, now: () => NOW });
    clients.push(created);
    return created;
  };
  const user = Buffer.from(JSON.stringify({ id: 7, nickname: 'TESTUSER', site_id: 'MLA', email: 'test@example.com' }));
  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => { clients.splice(0).forEach((c) => c.close()); });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => { server.close(resolve); });
  });

  it('times out the whole exchange even while the server keeps trickling bytes', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write('1,'), 20);
      res.on('close', () => clearInterval(timer));
    };
    const started = Date.now();
    const error = await rejectionOf(client().getCurrentUser());
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago GET /users/me timed out after 300ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('decompresses gzip and brotli answers', async () => {
    for (const [encoding, compress] of [['gzip', zlib.gzipSync], ['br', zlib.brotliCompressSync]] as const) {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end(compress(user));
      };
      expect(await client().getCurrentUser()).toMatchObject({ id: 7, nickname: 'TESTUSER' });
    }
  });

  it('refuses an answer larger than 5 MiB', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(5 * 1024 * 1024 + 10)}"`);
    };
    // a timeout long enough for 5 MiB to arrive on a busy machine: the size limit, not the clock, must end it
    const error = await rejectionOf(client(10_000).getCurrentUser());
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago GET /users/me network error: ERR_BAD_RESPONSE');
  });

  it('fails retryably when the connection drops in the middle of an answer, compressed or not', async () => {
    for (const gzip of [false, true]) {
      handler = (_req, res) => {
        const body = gzip ? zlib.gzipSync(Buffer.from(JSON.stringify({ filler: 'x'.repeat(50_000) }))) : Buffer.from('{"partial": "');
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length * 2), ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        setTimeout(() => res.socket?.destroy(), 20);
      };
      // a timeout far longer than the drop, so on a busy machine the dropped connection, not the clock, ends it
      const error = await rejectionOf(client(10_000).getCurrentUser());
      expect(error).toBeInstanceOf(RetryableError);
      expect(error.message).toMatch(/^MercadoPago GET \/users\/me network error: (ECONNRESET|ERR_BAD_RESPONSE)$/);
    }
  });

  it('never follows a redirect (it would carry the token elsewhere)', async () => {
    const elsewhere: string[] = [];
    handler = (req, res) => {
      if (req.url === '/elsewhere') { elsewhere.push(String(req.headers.authorization)); res.end('{}'); return; }
      res.writeHead(302, { location: `${url}/elsewhere` });
      res.end();
    };
    const error = await rejectionOf(client().getCurrentUser());
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.message).toBe('MercadoPago GET /users/me answered an unexpected redirect (HTTP 302): check MP_API_URL');
    expect(elsewhere).toEqual([]);
  });
});
