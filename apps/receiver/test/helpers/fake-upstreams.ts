import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The credentials the fake upstreams accept. */
export const GOOD = {
  mpAccessToken: 'APP_USR-4471-acme-access-token-9QkZ',
  mpWebhookSecrets: ['whsec-acme-first-7f3e1a', 'whsec-acme-second-2b9c4d'],
  ghlToken: 'pit-acme-location-token-5M8w',
  ghlLocationId: 'loc-acme-1',
};

export interface FakeUpstreams {
  /** MP_API_URL and GHL_API_URL for the config. */
  env: Record<string, string>;
  /** Every request seen: `METHOD path (Authorization header)`. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * One local server playing MercadoPago's `GET /users/me` and GoHighLevel's `GET /locations/:id`: GOOD's credentials
 * are accepted, anything else is a 401, as the real APIs answer a wrong token.
 */
export async function startFakeUpstreams(): Promise<FakeUpstreams> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push(`${req.method} ${req.url} (${auth})`);
    const send = (status: number, body: unknown) => { res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)); };
    if (req.url === '/mp/users/me') {
      if (auth === `Bearer ${GOOD.mpAccessToken}`) send(200, { id: 4471, nickname: 'ACME_SHOP', site_id: 'MLA', email: 'owner@acme.test' });
      else send(401, { message: 'invalid access token', error: 'unauthorized', status: 401 });
      return;
    }
    const location = /^\/ghl\/locations\/([^/?]+)$/.exec(req.url ?? '');
    if (location) {
      if (auth === `Bearer ${GOOD.ghlToken}` && location[1] === GOOD.ghlLocationId) send(200, { location: { id: location[1], name: 'Acme Studio' } });
      else send(401, { statusCode: 401, message: 'Invalid JWT' });
      return;
    }
    send(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    env: { MP_API_URL: `${base}/mp`, GHL_API_URL: `${base}/ghl`, HTTP_TIMEOUT: '5s' },
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A fixed SECRETS_KEY (64 hex characters): tests never write a key file next to the repository. */
export const TEST_SECRETS_KEY = 'a3'.repeat(32);
