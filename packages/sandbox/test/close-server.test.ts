import http from 'node:http';
import { createFakeGhl, createFakeMercadoPago, listenServer } from '@ghl-payments/sandbox';
import { http as client, mpAuth } from './http-client';

describe('closing a fake', () => {
  it('resolves fast while a request hangs, and the hung client sees the connection end', async () => {
    const mp = await createFakeMercadoPago();
    mp.fail({ hang: true });
    const hung = client.get(`${mp.url}/v1/payments/1`, mpAuth()).then(() => 'answered', (error: { code?: string }) => error.code ?? 'error');
    await waitFor(() => mp.requests.length === 1);
    const started = Date.now();
    await withTimeout(mp.close(), 2000);
    expect(Date.now() - started).toBeLessThan(500);
    expect(await hung).not.toBe('answered');
  });

  it('resolves fast with idle keep-alive sockets and with pending latency', async () => {
    const ghl = await createFakeGhl();
    const agent = new http.Agent({ keepAlive: true });
    try {
      const res = await client.get(`${ghl.url}/locations/loc-test`, { httpAgent: agent, headers: { Authorization: 'Bearer TEST-ghl-token', Version: '2021-07-28' } });
      expect(res.status).toBe(200);
      expect(res.headers.connection).toBe('keep-alive');
      ghl.setLatency(60_000);
      const slow = client.get(`${ghl.url}/locations/loc-test`, { httpAgent: agent }).catch(() => 'closed');
      await waitFor(() => ghl.requests.length === 2);
      const started = Date.now();
      await withTimeout(ghl.close(), 2000);
      expect(Date.now() - started).toBeLessThan(500);
      expect(await slow).toBe('closed');
    } finally {
      agent.destroy();
    }
  });

  it('is safe to call twice and frees the port', async () => {
    const server = await listenServer((_req, res) => res.end('ok'));
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await expect(client.get(server.url, { timeout: 1000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const again = await listenServer((_req, res) => res.end('ok'), { port: server.port });
    expect(again.url).toBe(server.url);
    await again.close();
  });

  it('binds 127.0.0.1 by default', async () => {
    const server = await listenServer((_req, res) => res.end('ok'));
    try {
      expect(server.host).toBe('127.0.0.1');
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

/** Fails instead of hanging the suite when close() never resolves. */
async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`close() took over ${ms}ms`)), ms); });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
