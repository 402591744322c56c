import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { loadConfig } from '@ghl-payments/core';
import { createPipelineClients, PipelineClients } from '@ghl-payments/pipeline';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { rejectionOf } from './support/pipeline-fixture';

const MP_TOKEN = 'APP_USR-proxy-test-mp-token-9f2e';
const GHL_TOKEN = 'pit-proxy-test-ghl-token-3c7a';
const execFileAsync = promisify(execFile);
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

/** A forward proxy on 127.0.0.1 that logs what it is asked: absolute-URI requests (relayed) and CONNECT (piped). */
interface FakeProxy {
  url: string;
  /** `GET http://127.0.0.1:4321/v1/payments/1` for every relayed request, and the Authorization it carried. */
  forwarded: Array<{ line: string; authorization?: string }>;
  /** `CONNECT localhost:4321` and every header line of each CONNECT request. */
  connects: string[];
  /** Every byte the client sent into the tunnels. */
  tunnelled(): Buffer;
  /** Accept CONNECT requests but never answer them. */
  hangOnConnect: boolean;
  close(): Promise<void>;
}

async function startFakeProxy(): Promise<FakeProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const chunks: Buffer[] = [];
  const proxy: FakeProxy = {
    url: '', forwarded: [], connects: [], hangOnConnect: false,
    tunnelled: () => Buffer.concat(chunks),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    }),
  };
  const server = http.createServer((req, res) => {
    proxy.forwarded.push({ line: `${req.method} ${req.url}`, authorization: req.headers.authorization });
    const upstream = http.request(new URL(req.url ?? ''), { method: req.method, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    track(client);
    const headerLines: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headerLines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    proxy.connects.push(`${req.method} ${req.url}`, ...headerLines);
    if (proxy.hangOnConnect) return;
    const [host, port] = (req.url ?? '').split(':');
    const target = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) target.write(head);
      chunks.push(head);
      client.on('data', (chunk: Buffer) => chunks.push(chunk));
      client.pipe(target);
      target.pipe(client);
    });
    track(target);
    target.on('close', () => client.destroy());
    client.on('close', () => target.destroy());
  });
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

/** TLS in front of a plain-HTTP fake, with a self-signed certificate for localhost: an https:// URL for it. */
async function startTlsFront(key: string, cert: string, targetUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ key, cert }, (socket) => {
    const plain = net.connect(Number(target.port), target.hostname);
    for (const s of [socket, plain]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    socket.pipe(plain);
    plain.pipe(socket);
    socket.on('close', () => plain.destroy());
    plain.on('close', () => socket.destroy());
  });
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  return {
    // a host name, as the real APIs have (https-proxy-agent checks an IP-literal target's certificate against `localhost`)
    url: `https://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

/** A self-signed certificate for localhost, made with openssl in a temporary folder. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghl-payments-proxy-test-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('MercadoPago and GHL clients behind a proxy (HTTP_PROXY / HTTPS_PROXY / NO_PROXY)', () => {
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let proxy: FakeProxy;
  const saved: Record<string, string | undefined> = {};
  const opened: PipelineClients[] = [];

  /** Clients built from a Config as the worker builds them; they read the proxy variables now. */
  const clients = (urls: { mp: string; ghl: string }) => {
    const config = loadConfig({
      MP_API_URL: urls.mp, MP_ACCESS_TOKEN: MP_TOKEN, GHL_API_URL: urls.ghl, GHL_API_TOKEN: GHL_TOKEN,
      GHL_LOCATION_ID: 'loc-test', HTTP_TIMEOUT: '300ms', GHL_RATE_LIMIT: 'off',
    }, {});
    const created = createPipelineClients(config);
    opened.push(created);
    return created;
  };
  /** One payment read, one contact upsert and one tag call: GETs and POSTs with bodies, both upstreams. */
  const useBoth = async (c: PipelineClients) => {
    expect(await c.mercadopago.getPayment(15)).toMatchObject({ id: 15, status: 'approved' });
    const id = await c.ghl.upsertContact({ email: 'proxy@example.com', firstName: 'Prox' });
    await c.ghl.addTags(id, ['pagado']);
    expect(ghl.getContact(id)).toMatchObject({ email: 'proxy@example.com', tags: ['pagado'] });
  };

  beforeAll(async () => {
    for (const name of PROXY_VARIABLES) saved[name] = process.env[name];
    mp = await createFakeMercadoPago({ accessToken: MP_TOKEN });
    ghl = await createFakeGhl({ token: GHL_TOKEN, locationId: 'loc-test' });
  });
  beforeEach(async () => {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    proxy = await startFakeProxy();
    mp.setPayment({ id: 15, status: 'approved' });
  });
  afterEach(async () => {
    opened.splice(0).forEach((c) => c.close());
    mp.reset();
    ghl.reset();
    await proxy.close();
  });
  afterAll(async () => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await Promise.all([mp.close(), ghl.close()]);
  });

  describe('http:// upstreams (the proxy relays absolute-URI requests)', () => {
    it('sends every call through HTTP_PROXY', async () => {
      process.env.HTTP_PROXY = proxy.url;
      await useBoth(clients({ mp: mp.url, ghl: ghl.url }));
      expect(proxy.forwarded.map((f) => f.line)).toEqual([
        `GET ${mp.url}/v1/payments/15`, `POST ${ghl.url}/contacts/upsert`, expect.stringMatching(new RegExp(`^POST ${ghl.url}/contacts/[^/]+/tags$`)),
      ]);
      expect(proxy.connects).toEqual([]);
      // plain HTTP: the proxy necessarily sees the token
      expect(proxy.forwarded[0].authorization).toBe(`Bearer ${MP_TOKEN}`);
    });

    it('goes straight to hosts listed in NO_PROXY', async () => {
      process.env.http_proxy = proxy.url;
      process.env.no_proxy = '127.0.0.1';
      await useBoth(clients({ mp: mp.url, ghl: ghl.url }));
      expect(proxy.forwarded).toEqual([]);
      expect(mp.requests).toHaveLength(1);
    });

    it('times out through the proxy with the same error as without it', async () => {
      mp.fail({ hang: true, times: 2 });
      const direct = await rejectionOf(clients({ mp: mp.url, ghl: ghl.url }).mercadopago.getPayment(15));
      process.env.HTTP_PROXY = proxy.url;
      const started = Date.now();
      const proxied = await rejectionOf(clients({ mp: mp.url, ghl: ghl.url }).mercadopago.getPayment(15));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(proxy.forwarded).toHaveLength(1);
      expect(direct.message).toBe('MercadoPago GET /v1/payments/15 timed out after 300ms');
      expect(proxied.message).toBe(direct.message);
      expect(proxied.constructor).toBe(direct.constructor);
    });
  });

  /**
   * https:// upstreams run in a child process: its clients must trust the test certificate, and Node reads
   * NODE_EXTRA_CA_CERTS only at start-up (jest's process.env is not the real one). The fakes and the proxy stay here.
   * The child never calls close(): it exiting by itself proves idle keep-alive sockets (direct or tunnelled) do not
   * keep a process alive.
   */
  describe('https:// upstreams (a CONNECT tunnel; TLS stays end to end)', () => {
    let dir: string;
    let mpTls: { url: string; close(): Promise<void> };
    let ghlTls: { url: string; close(): Promise<void> };
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghl-payments-proxy-test-'));
      const certificate = selfSignedCertificate();
      fs.writeFileSync(path.join(dir, 'ca.pem'), certificate.cert);
      fs.writeFileSync(path.join(dir, 'child.cjs'), childScript());
      mpTls = await startTlsFront(certificate.key, certificate.cert, mp.url);
      ghlTls = await startTlsFront(certificate.key, certificate.cert, ghl.url);
    });
    afterAll(async () => {
      await Promise.all([mpTls.close(), ghlTls.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Runs `calls` with fresh clients in a child process whose environment adds `env`; one outcome per call. */
    const inChild = async (env: Record<string, string>, calls: Array<'payment' | 'contact'>): Promise<ChildOutcome[]> => {
      const childEnv: Record<string, string | undefined> = { ...process.env };
      for (const name of [...PROXY_VARIABLES, 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_OPTIONS']) delete childEnv[name];
      const { stdout } = await execFileAsync(process.execPath, [path.join(dir, 'child.cjs')], {
        timeout: 20_000,
        env: {
          ...childEnv, ...env, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'), CHILD_CALLS: JSON.stringify(calls),
          MP_API_URL: mpTls.url, MP_ACCESS_TOKEN: MP_TOKEN, GHL_API_URL: ghlTls.url, GHL_API_TOKEN: GHL_TOKEN,
          GHL_LOCATION_ID: 'loc-test', HTTP_TIMEOUT: '300ms', GHL_RATE_LIMIT: 'off',
        },
      });
      return JSON.parse(stdout) as ChildOutcome[];
    };

    it('checks the upstream\'s certificate (the child trusts only the test CA)', async () => {
      expect(await inChild({}, ['payment', 'contact'])).toEqual([{ ok: 'payment 15 approved' }, { ok: 'tagged' }]);
      // the same calls from this process, which does not trust the test certificate, are refused
      const error = await rejectionOf(clients({ mp: mpTls.url, ghl: ghlTls.url }).mercadopago.getPayment(15));
      expect(error.message).toBe('MercadoPago GET /v1/payments/15 network error: DEPTH_ZERO_SELF_SIGNED_CERT');
    });

    it('tunnels every call through HTTPS_PROXY with CONNECT; the token never reaches the proxy in clear', async () => {
      const outcomes = await inChild({ HTTPS_PROXY: proxy.url }, ['payment', 'contact', 'payment', 'contact']);
      expect(outcomes).toEqual([{ ok: 'payment 15 approved' }, { ok: 'tagged' }, { ok: 'payment 15 approved' }, { ok: 'tagged' }]);
      expect(proxy.forwarded).toEqual([]);
      const connectLines = proxy.connects.filter((line) => line.startsWith('CONNECT '));
      // keep-alive through the tunnel: one CONNECT per upstream, reused by every later call
      expect(connectLines.sort()).toEqual([`CONNECT ${new URL(ghlTls.url).host}`, `CONNECT ${new URL(mpTls.url).host}`].sort());
      for (const line of proxy.connects) {
        expect(line).not.toMatch(/^authorization:/i);
        expect(line).not.toContain(MP_TOKEN);
        expect(line).not.toContain(GHL_TOKEN);
      }
      const tunnelled = proxy.tunnelled();
      expect(tunnelled.length).toBeGreaterThan(0);
      for (const secret of [MP_TOKEN, GHL_TOKEN, '/v1/payments/15', 'proxy@example.com']) expect(tunnelled.includes(secret)).toBe(false);
      // ...while the upstreams did get the token, inside TLS
      expect(mp.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${MP_TOKEN}`, `Bearer ${MP_TOKEN}`]);
    });

    it('goes straight to hosts listed in NO_PROXY', async () => {
      const outcomes = await inChild({ https_proxy: proxy.url, NO_PROXY: '127.0.0.1,localhost' }, ['payment', 'contact']);
      expect(outcomes).toEqual([{ ok: 'payment 15 approved' }, { ok: 'tagged' }]);
      expect(proxy.connects).toEqual([]);
      expect(mp.requests).toHaveLength(1);
    });

    it('times out through the tunnel, or on a proxy that never answers CONNECT, with the same error as without a proxy', async () => {
      const timedOut = { error: 'RetryableError', message: 'MercadoPago GET /v1/payments/15 timed out after 300ms' };
      mp.fail({ hang: true, times: 2 });
      expect(await inChild({}, ['payment'])).toEqual([timedOut]);
      expect(await inChild({ HTTPS_PROXY: proxy.url }, ['payment'])).toEqual([timedOut]);
      expect(proxy.connects[0]).toBe(`CONNECT ${new URL(mpTls.url).host}`);
      proxy.hangOnConnect = true;
      expect(await inChild({ HTTPS_PROXY: proxy.url }, ['payment'])).toEqual([timedOut]);
      expect(proxy.connects.filter((line) => line.startsWith('CONNECT '))).toHaveLength(2);
      expect(mp.requests).toHaveLength(2);
    });
  });
});

type ChildOutcome = { ok: string } | { error: string; message: string };

/** The child: builds the clients from its environment as the worker does, runs the calls, prints their outcomes. */
function childScript(): string {
  const src = (pkg: string) => JSON.stringify(path.resolve(__dirname, '../..', pkg, 'src/index.ts'));
  return `'use strict';
require(${JSON.stringify(require.resolve('tsx/cjs'))});
const { loadConfig } = require(${src('core')});
const { createPipelineClients } = require(${src('pipeline')});
(async () => {
  const clients = createPipelineClients(loadConfig(process.env, {}));
  const outcomes = [];
  for (const call of JSON.parse(process.env.CHILD_CALLS)) {
    try {
      if (call === 'payment') {
        const payment = await clients.mercadopago.getPayment(15);
        outcomes.push({ ok: 'payment ' + payment.id + ' ' + payment.status });
      } else {
        const id = await clients.ghl.upsertContact({ email: 'proxy@example.com', firstName: 'Prox' });
        await clients.ghl.addTags(id, ['pagado']);
        outcomes.push({ ok: 'tagged' });
      }
    } catch (err) {
      outcomes.push({ error: err.constructor.name, message: err.message });
    }
  }
  process.stdout.write(JSON.stringify(outcomes));
})();
`;
}
