import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { BIN, CliProcess, createTestDatabase, findFreePort, startCli, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// Known, distinctive values: if any of them shows up anywhere an operator or attacker can read, the test fails.
const MP_ACCESS_TOKEN = 'APP_USR-7731-mp-access-SECRET-0b5e1c';
const GHL_API_TOKEN = 'pit-ghl-api-SECRET-4d2f9a-77e1';
const MP_WEBHOOK_SECRET = 'whsec-mp-webhook-SECRET-91c3aa';
const ADMIN_TOKEN = 'admin-token-SECRET-5be0c2d7f1a49e3b86dc';
const ALERT_PATH_SECRET = 'B0ALERT-SECRET-c41f';
const SECRETS = [MP_ACCESS_TOKEN, GHL_API_TOKEN, MP_WEBHOOK_SECRET, ADMIN_TOKEN, ALERT_PATH_SECRET];

function sign(dataId: string, requestId: string, secret = MP_WEBHOOK_SECRET): string {
  const ts = String(Date.now());
  return `ts=${ts},v1=${createHmac('sha256', secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex')}`;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('secrets never leak (logs, database, API, metrics, alerts)', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let logDir: string;
  let alertServer: http.Server;
  const alerts: string[] = [];
  const children: CliProcess[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago({ accessToken: MP_ACCESS_TOKEN });
    ghl = await createFakeGhl({ token: GHL_API_TOKEN });
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-secrets-'));
    alertServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => { alerts.push(body); res.end('ok'); });
    });
    await new Promise<void>((resolve) => alertServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    children.forEach((c) => { if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL'); });
    alertServer.closeAllConnections();
    await new Promise((resolve) => alertServer.close(resolve));
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('success and failure paths, with upstreams that echo the tokens, leave no secret anywhere readable', async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_DIR: logDir, LOG_LEVEL: 'debug',
      MP_API_URL: mp.url, MP_ACCESS_TOKEN, MP_WEBHOOK_SECRET, GHL_API_URL: ghl.url, GHL_API_TOKEN, GHL_LOCATION_ID: 'loc-test',
      GHL_RATE_LIMIT: 'off', ADMIN_TOKEN, ALERT_WEBHOOK_URL: `http://127.0.0.1:${(alertServer.address() as AddressInfo).port}/services/T0/${ALERT_PATH_SECRET}`,
      RETRY_SCHEDULE: '100ms,100ms', WORKER_POLL_INTERVAL: '50ms',
    };
    const receiver = startCli(BIN.ghlPayments, ['runserver'], env);
    children.push(receiver);
    await waitUntil(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status === 200, 30_000);
    const worker = startCli(BIN.processWebhooks, ['--loop'], env);
    children.push(worker);

    const notify = async (paymentId: number, extraHeaders: Record<string, string> = {}, signature?: string) => {
      const requestId = `req-${paymentId}-${Math.random().toString(36).slice(2)}`;
      const res = await fetch(`${base}/webhooks/mp?data.id=${paymentId}&type=payment`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'x-request-id': requestId, 'x-signature': signature ?? sign(String(paymentId), requestId), ...extraHeaders,
        },
        body: JSON.stringify({ id: `n${paymentId}`, type: 'payment', action: 'payment.updated', data: { id: String(paymentId) } }),
      });
      return { status: res.status, body: await res.json() as { id?: number } };
    };
    const statusOf = async (id: number) => (await t.db.knex('webhook_events').where({ id }).first())?.status as string;

    // success path; a client that also sends credentials in headers the receiver must not keep
    mp.setPayment({ id: 9601, status: 'approved', payer: { email: 'ok@example.com' } });
    const ok = await notify(9601, { authorization: `Bearer ${ADMIN_TOKEN}`, cookie: `session=${GHL_API_TOKEN}`, 'x-api-key': MP_ACCESS_TOKEN });
    expect(ok.status).toBe(200);
    await waitUntil(async () => (await statusOf(ok.body.id!)) === 'success');

    // refused: a forged signature made with a wrong secret, and one that carries the real secret in clear
    expect((await notify(9602, {}, sign('9602', 'x', 'not-the-secret'))).status).toBe(401);
    expect((await notify(9602, {}, `ts=1,v1=${MP_WEBHOOK_SECRET}`)).status).toBe(401);

    // upstreams refusing the credentials and echoing them back (waiting, not failed; alerted)
    mp.setPayment({ id: 9603, status: 'approved', payer: { email: 'mp401@example.com' } });
    mp.fail({ path: '/v1/payments/9603', status: 401, body: { message: `invalid access token ${MP_ACCESS_TOKEN}`, error: 'unauthorized', status: 401 }, times: Infinity });
    const mp401 = await notify(9603);
    // refused credentials are not counted: the event waits (pending) with the reason, instead of ending failed
    const refused = async (id: number) => {
      const row = await t.db.knex('webhook_events').where({ id }).first();
      const deferred = await t.db.knex('webhook_attempts').where({ event_id: id, outcome: 'deferred' }).count({ n: '*' }).first();
      return Number(row.failures) === 0 && Number(deferred?.n) >= 3 && /refused the credentials/.test(String(row.last_error));
    };
    await waitUntil(() => refused(mp401.body.id!));
    mp.setPayment({ id: 9604, status: 'approved', payer: { email: 'ghl401@example.com' } });
    ghl.fail({ path: '/contacts/upsert', status: 401, body: { statusCode: 401, message: `Invalid JWT: Bearer ${GHL_API_TOKEN}` }, times: Infinity });
    const ghl401 = await notify(9604);
    await waitUntil(() => refused(ghl401.body.id!));
    ghl.clearFaults();
    mp.setPayment({ id: 9605, status: 'approved', payer: { email: 'ghl422@example.com' } });
    ghl.fail({ path: '/contacts/:id/tags', status: 422, body: { message: [`tags rejected for token ${GHL_API_TOKEN} (Authorization: Bearer ${GHL_API_TOKEN})`] }, times: Infinity });
    const ghl422 = await notify(9605);
    await waitUntil(async () => (await statusOf(ghl422.body.id!)) === 'failed');
    // one failed event, and MercadoPago's and GoHighLevel's refused credentials (three 401s each: issue 17's alert)
    await waitUntil(() => alerts.length >= 3);
    expect(alerts.filter((a) => /(MercadoPago|GoHighLevel) rechazó 3 pedidos/.test(a))).toHaveLength(2);

    // the tokens really were used, and the failures say what to check
    expect(mp.requests.some((r) => r.headers.authorization === `Bearer ${MP_ACCESS_TOKEN}`)).toBe(true);
    expect(ghl.requests.some((r) => r.headers.authorization === `Bearer ${GHL_API_TOKEN}`)).toBe(true);
    // MercadoPago still refuses 9603: it waits with the reason; GoHighLevel's 401 for 9604 was seen before its fault was
    // cleared (it then meets the 422 below); only GoHighLevel's 422 fails events
    const waiting = await t.db.knex('webhook_events').where({ id: mp401.body.id! }).first();
    expect(['pending', 'processing']).toContain(waiting.status); // retried every 100 ms here (the first retry delay)
    expect(Number(waiting.failures)).toBe(0);
    expect(waiting.last_error).toMatch(/HTTP 401: invalid access token \[REDACTED\]\): check MP_ACCESS_TOKEN/);
    const failed = await t.db.knex('webhook_events').where('status', 'failed').orderBy('id').pluck('last_error');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    failed.forEach((error: string) => expect(error).toMatch(/HTTP 422/));

    // everything an operator (or a log shipper) can read
    const api = async (p: string, token = ADMIN_TOKEN) => {
      const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
      return `${p} ${res.status} ${await res.text()}`;
    };
    const ids = (await t.db.knex('webhook_events').orderBy('id').pluck('id')).map(Number);
    const payments = await t.db.knex('payments').pluck('mp_payment_id');
    const readable: Array<[string, string]> = [];
    for (const p of ['/api/events?limit=100', '/api/events?status=failed', '/api/payments', '/api/stats', '/metrics', ...ids.map((id) => `/api/events/${id}`), ...payments.map((p) => `/api/payments/${p}`)]) {
      readable.push([`GET ${p}`, await api(p)]);
    }
    readable.push(['GET /api with another secret as token', await api('/api/events', MP_ACCESS_TOKEN)]);
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(ADMIN_TOKEN)}`,
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    readable.push(['POST /admin/login', `${login.status} ${JSON.stringify([...login.headers])} ${await login.text()}`]);
    if (cookie) {
      for (const p of ['/admin', '/admin/events', ...ids.map((id) => `/admin/events/${id}`)]) {
        const page = await fetch(`${base}${p}`, { headers: { cookie } });
        readable.push([`GET ${p} (dashboard)`, await page.text()]);
      }
    }

    worker.child.kill('SIGTERM');
    receiver.child.kill('SIGTERM');
    const [w, r] = await Promise.all([worker.exited, receiver.exited]);
    expect([w.code, r.code]).toEqual([0, 0]);
    readable.push(['worker stdout/stderr', w.stdout + w.stderr], ['receiver stdout/stderr', r.stdout + r.stderr]);
    const logFiles = filesUnder(logDir);
    expect(logFiles.length).toBeGreaterThan(0);
    for (const f of logFiles) readable.push([f, fs.readFileSync(f, 'utf8')]);
    for (const table of ['webhook_events', 'webhook_attempts', 'payments', 'rule_actions', 'status_changes', 'subscriptions']) {
      readable.push([`table ${table}`, JSON.stringify(await t.db.knex(table).select('*'))]);
    }
    alerts.forEach((a, i) => readable.push([`alert ${i + 1}`, a]));

    const logText = readable.filter(([where]) => where.startsWith(logDir)).map(([, text]) => text).join('\n');
    expect(logText).toMatch(/bad signature/); // the refusals and failures were logged, just without the values
    expect(logText).toMatch(/refused the credentials/);
    const leaks = readable.flatMap(([where, text]) => SECRETS.filter((s) => text.includes(s)).map((s) => `${s} in ${where}`));
    expect(leaks).toEqual([]);
    process.stdout.write(`secrets: ${SECRETS.length} secrets searched in ${readable.length} outputs (${logFiles.length} log file(s), 4 tables, API, metrics, dashboard, ${alerts.length} alerts): none found\n`);
  });
});
