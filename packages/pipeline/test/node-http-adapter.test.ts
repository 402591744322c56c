import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import axios, { AxiosError, isAxiosError, isCancel } from 'axios';
import { readProxySetting } from '../src/http-agent';
import { buildRequestUrl, nodeHttpAdapter } from '../src/node-http-adapter';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

let handler: Handler = (_req, _body, res) => res.end();
let server: http.Server;
let base: string;
const agent = new http.Agent({ keepAlive: true });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString(), res));
  });
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => { server.close(resolve); });
});

const client = (options: { timeout?: number; maxContentLength?: number; maxBodyLength?: number } = {}) => axios.create({
  baseURL: base, adapter: nodeHttpAdapter, httpAgent: agent, maxRedirects: 0, headers: { Accept: 'application/json', Authorization: 'Bearer t0k3n' }, ...options,
});

async function failure(promise: Promise<unknown>): Promise<AxiosError> {
  try {
    await promise;
  } catch (err) {
    if (isAxiosError(err)) return err;
    throw err;
  }
  throw new Error('the request succeeded');
}

describe('nodeHttpAdapter (axios on node:http)', () => {
  it('sends method, path under the base URL, query, headers and a JSON body; parses the JSON answer', async () => {
    let seen: { method?: string; url?: string; auth?: string; type?: string; length?: string; body?: string } = {};
    handler = (req, body, res) => {
      seen = { method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], length: req.headers['content-length'], body };
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-ratelimit-remaining', '7');
      res.end(JSON.stringify({ ok: true, echo: JSON.parse(body) }));
    };
    const response = await client().post('/contacts/abc/tags', { tags: ['pagado', 'cliente ñ'] }, { params: { locationId: 'loc 1', a: [1, 2] } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ ok: true, echo: { tags: ['pagado', 'cliente ñ'] } });
    expect(response.headers['x-ratelimit-remaining']).toBe('7');
    expect(seen).toMatchObject({ method: 'POST', url: '/api/contacts/abc/tags?locationId=loc+1&a=1&a=2', auth: 'Bearer t0k3n' });
    expect(seen.type).toMatch(/^application\/json/);
    expect(Number(seen.length)).toBe(Buffer.byteLength(seen.body!));
  });

  it('turns a status outside 2xx into an AxiosError that carries the response; never follows a redirect', async () => {
    handler = (req, _body, res) => {
      if (req.url === '/api/moved') { res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }); res.end(); return; }
      res.writeHead(req.url === '/api/missing' ? 404 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'nope' }));
    };
    const notFound = await failure(client().get('/missing'));
    expect(notFound.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(notFound.response).toMatchObject({ status: 404, data: { message: 'nope' } });
    const down = await failure(client().get('/down'));
    expect(down.code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect(down.response?.status).toBe(503);
    const moved = await failure(client().get('/moved'));
    expect(moved.response?.status).toBe(302);
  });

  it('decompresses gzip and brotli answers and keeps a non-JSON body as text', async () => {
    handler = (req, _body, res) => {
      const json = Buffer.from(JSON.stringify({ id: 42, name: 'pago' }));
      if (req.url === '/api/gzip') { res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }); res.end(zlib.gzipSync(json)); return; }
      if (req.url === '/api/br') { res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' }); res.end(zlib.brotliCompressSync(json)); return; }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    };
    expect((await client().get('/gzip')).data).toEqual({ id: 42, name: 'pago' });
    expect((await client().get('/br')).data).toEqual({ id: 42, name: 'pago' });
    expect((await client().get('/html')).data).toBe('<html>maintenance</html>');
  });

  it('fails cleanly when the connection drops in the middle of an answer, compressed or not', async () => {
    handler = (req, _body, res) => {
      const gzip = req.url === '/api/cut-gzip';
      const body = gzip ? zlib.gzipSync(Buffer.from(JSON.stringify({ filler: 'x'.repeat(50_000) }))) : Buffer.from('{"partial": "');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length * 2), ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    for (const path of ['/cut', '/cut-gzip']) {
      const error = await failure(client().get(path));
      expect(error.response).toBeUndefined();
      expect(error.code).toMatch(/ECONNRESET|ERR_BAD_RESPONSE/);
    }
  });

  it('times out the whole exchange, even while the server keeps trickling bytes', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write('1,'), 20);
      res.on('close', () => clearInterval(timer));
    };
    const started = Date.now();
    const error = await failure(client({ timeout: 300 }).get('/slow'));
    expect(error.code).toBe(AxiosError.ECONNABORTED);
    expect(error.message).toBe('timeout of 300ms exceeded');
    expect(error.response).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('enforces maxContentLength and maxBodyLength', async () => {
    handler = (_req, _body, res) => { res.end('x'.repeat(200_000)); };
    const big = await failure(client({ maxContentLength: 1000 }).get('/big'));
    expect(big.code).toBe(AxiosError.ERR_BAD_RESPONSE);
    expect(big.message).toMatch(/maxContentLength size of 1000 exceeded/);
    const tooLarge = await failure(client({ maxBodyLength: 10 }).post('/upload', { text: 'more than ten bytes' }));
    expect(tooLarge.code).toBe(AxiosError.ERR_BAD_REQUEST);
  });

  it('stops on an abort signal and reports network errors with the socket code', async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await failure(client().get('/hang', { signal: controller.signal }));
    expect(isCancel(aborted)).toBe(true);
    expect(aborted.code).toBe('ERR_CANCELED');
    const refused = await failure(axios.create({ adapter: nodeHttpAdapter }).get('http://127.0.0.1:1/x'));
    expect(refused.code).toBe('ECONNREFUSED');
    expect(refused.response).toBeUndefined();
  });

  it('joins base URL and path as axios does', () => {
    expect(buildRequestUrl({ baseURL: 'https://api.example.com/v2/', url: '/contacts/1' }).toString()).toBe('https://api.example.com/v2/contacts/1');
    expect(buildRequestUrl({ baseURL: 'https://api.example.com', url: 'https://other.example.com/x' }).toString()).toBe('https://other.example.com/x');
    expect(buildRequestUrl({ baseURL: 'https://api.example.com/v1', url: '' }).toString()).toBe('https://api.example.com/v1');
  });

  it('is used only when no proxy variable is set (axios\' own adapter honours proxies)', () => {
    expect(readProxySetting({})).toBe(false);
    expect(readProxySetting({ HTTPS_PROXY: 'http://proxy.internal:3128' })).toBeUndefined();
    expect(readProxySetting({ http_proxy: 'http://proxy.internal:3128' })).toBeUndefined();
  });
});
