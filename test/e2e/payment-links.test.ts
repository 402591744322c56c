import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Config, createSilentLogger, loadConfig } from '@ghl-payments/core';
import { buildOperatorRouters, createApp, RunningReceiver, startReceiver } from '@ghl-payments/receiver';
import {
  buildWebhookNotification, createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago, MercadoPagoPreference, sendMercadoPagoNotification,
} from '@ghl-payments/sandbox';
import { BIN, createTestDatabase, runCli, TestDatabase } from '@ghl-payments/test-support';

// Issue 19: payment links from GoHighLevel. A link is created from the API, the CLI or a GoHighLevel workflow; the
// buyer pays it at the fake MercadoPago; the notification and the worker match the payment to the contact (by the
// metadata, or by the registered external reference when the metadata is lost) and the link becomes paid.

const ADMIN_TOKEN = randomBytes(32).toString('hex');
const DEFAULT_SECRET = 'wf-default-secret-5c1e9a7b3d';
const ACME = {
  slug: 'acme', mpToken: 'APP_USR-acme-mp-token-0001-aaaa', secret: 'acme-webhook-secret-1111', ghlToken: 'pit-acme-ghl-token-2222',
  location: 'loc-acme', userId: 700001, workflowSecret: 'wf-acme-secret-8d2f4b6a1c',
};
const PUBLIC_URL = 'https://pagos.example.com';

describe('payment links from the API, the CLI and GoHighLevel workflows', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dataDir: string;
  let env: Record<string, string>;
  let config: Config;
  let receiver: RunningReceiver;
  let clockOffset = 0;
  const contacts: Record<string, string> = {};
  let fieldId: string;
  let acmeFieldId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago({ accounts: [{ accessToken: ACME.mpToken, userId: ACME.userId }] });
    ghl = await createFakeGhl({ locations: [{ locationId: ACME.location, token: ACME.ghlToken }] });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-links-'));
    env = {
      DATABASE_URL: t.url, PORT: '0', MP_API_URL: mp.url, MP_ACCESS_TOKEN: mp.accessToken, GHL_API_URL: ghl.url, GHL_API_TOKEN: ghl.token,
      GHL_LOCATION_ID: ghl.locationId, GHL_RATE_LIMIT: 'off', RETRY_SCHEDULE: '200ms,200ms', WORKER_POLL_INTERVAL: '50ms',
      LOG_DIR: path.join(dataDir, 'logs'), SECRETS_KEY: 'cd'.repeat(32), ADMIN_TOKEN, PUBLIC_URL, GHL_WORKFLOW_SECRET: DEFAULT_SECRET,
      PAYMENT_LINK_NOTE: 'true',
    };
    config = loadConfig(env);
    // the account is added as an operator would, its workflow secret included
    const added = await runCli(BIN.ghlPayments, [
      'accounts', 'add', ACME.slug, '--name', 'Acme', '--mp-access-token', ACME.mpToken, '--mp-webhook-secret', ACME.secret,
      '--ghl-token', ACME.ghlToken, '--ghl-location-id', ACME.location, '--ghl-workflow-secret', ACME.workflowSecret,
    ], env);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/workflow secret\s+…?\S*1c/);
    expect(added.stdout).not.toContain(ACME.workflowSecret);
    receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, print: () => undefined, interactive: false, now: () => Date.now() + clockOffset });
    fieldId = ghl.addCustomField({ key: 'mp_payment_link', name: 'Link de pago' });
    acmeFieldId = ghl.location(ACME.location).addCustomField({ key: 'contact.mp_payment_link', name: 'Link de pago' });
    for (const name of ['ana', 'bia', 'carla', 'dora', 'eva']) contacts[name] = ghl.addContact({ email: `${name}@example.com`, firstName: name }).id;
    contacts.acme = ghl.location(ACME.location).addContact({ email: 'fede@acme.example', firstName: 'Fede' }).id;
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await Promise.all([mp?.close(), ghl?.close()]);
    await t?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (method: 'GET' | 'POST', url: string, body?: unknown) => fetch(`${receiver.url}${url}`, {
    method, headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: await res.json() as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any
  const workflow = (suffix: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${receiver.url}/webhooks/ghl/payment-link${suffix}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: await res.json() as Record<string, any> })); // eslint-disable-line @typescript-eslint/no-explicit-any
  const preferenceRequests = () => mp.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/checkout/preferences')).length;
  const linkCount = async () => Number((await t.db.knex('payment_links').count({ n: '*' }).first())?.n);
  const notify = async (paymentId: number, account?: typeof ACME) => {
    const url = `${receiver.url}/webhooks/mp${account ? `/${account.slug}` : ''}`;
    const answer = await sendMercadoPagoNotification(url, buildWebhookNotification({ type: 'payment', dataId: paymentId, secret: account?.secret, userId: account?.userId }));
    expect(answer.status).toBe(200);
  };
  const runWorker = async () => {
    const run = await runCli(BIN.processWebhooks, [], env);
    expect({ code: run.code, failed: /failed=[1-9]|\berror\b/.test(run.stdout + run.stderr) }).toEqual({ code: 0, failed: false });
    return run;
  };
  const linksOf = async (contactId: string) => (await api('GET', `/api/payment-links?contact=${contactId}`)).body.data as Array<Record<string, unknown>>;
  /** What the fake MercadoPago stored for a preference. */
  const preference = (id: string): MercadoPagoPreference => mp.getPreference(id)!;
  const ghlWorkflowBody = (contactId: string, custom: Record<string, unknown>, workflowId = 'wf-form-1', locationId: string = ghl.locationId) => ({
    contact_id: contactId, first_name: 'Carla', email: 'carla@example.com', tags: 'formulario',
    location: { id: locationId, name: 'Tienda' }, workflow: { id: workflowId, name: 'Formulario → link de pago' }, triggerData: {}, customData: custom,
  });

  it('creates a link from the API; its payment, matched by the metadata, makes it paid and runs the contact\'s rules', async () => {
    const before = Date.now();
    const created = await api('POST', '/api/payment-links', { contactId: contacts.ana, title: 'Curso de cocina', amount: 1500.5, quantity: 2, expiresIn: '72h' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number), init_point: expect.stringContaining(`${mp.url}/checkout/v1/redirect?pref_id=`), external_reference: expect.stringMatching(/^ghlp-/),
      expires_at: expect.any(String), preference_id: expect.any(String),
    });
    expect(Date.parse(created.body.expires_at) - before).toBeGreaterThanOrEqual(72 * 3_600_000 - 1000);
    expect(preference(created.body.preference_id)).toMatchObject({
      items: [{ title: 'Curso de cocina', quantity: 2, currency_id: 'ARS', unit_price: 1500.5 }], payer: { email: 'ana@example.com' },
      external_reference: created.body.external_reference, metadata: { ghl_contact_id: contacts.ana },
      notification_url: `${PUBLIC_URL}/webhooks/mp?source_news=webhooks`, expires: true,
      expiration_date_from: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/), expiration_date_to: expect.stringMatching(/\+00:00$/),
    });
    // registered in advance: the contact is known whatever the payment carries
    const registered = await api('GET', `/api/payments?external_reference=${created.body.external_reference}`);
    expect(registered.body.data).toEqual([expect.objectContaining({ ghl_contact_id: contacts.ana, mp_payment_id: null, amount: 3001, currency: 'ARS' })]);
    expect(await linksOf(contacts.ana)).toEqual([expect.objectContaining({ id: created.body.id, state: 'created', source: 'api', total: 3001, paid_at: null })]);

    const payment = mp.payPreference(created.body.preference_id);
    await notify(Number(payment.id));
    const run = await runWorker();
    expect(run.stdout).toMatch(/success=1/);
    expect(ghl.getContact(contacts.ana)?.tags).toContain('pago-aprobado');
    expect(await linksOf(contacts.ana)).toEqual([expect.objectContaining({ id: created.body.id, state: 'paid', mp_payment_id: String(payment.id), paid_at: expect.any(String) })]);
    const paid = await api('GET', `/api/payments?external_reference=${created.body.external_reference}`);
    expect(paid.body.data).toEqual([expect.objectContaining({ ghl_contact_id: contacts.ana, mp_payment_id: String(payment.id), status: 'approved' })]);
    expect((await api('GET', '/api/payment-links?state=paid')).body.data.map((l: { id: number }) => l.id)).toContain(created.body.id);
  }, 60_000);

  it('matches a paid link to its contact by the registered external reference when the payment\'s metadata is lost', async () => {
    const created = await api('POST', '/api/payment-links', { contactId: contacts.bia, title: 'Clase', amount: '2500', externalReference: 'curso-bia-1' });
    expect(created.status).toBe(201);
    expect(created.body.external_reference).toBe('curso-bia-1');
    // metadata stripped, and a payer email that belongs to nobody: only the registration can name the contact
    const payment = mp.payPreference(created.body.preference_id, { metadata: {}, payer: { email: 'otra-persona@example.com' } });
    expect(mp.getPayment(payment.id)?.metadata).toEqual({});
    await notify(Number(payment.id));
    await runWorker();
    expect(ghl.getContact(contacts.bia)?.tags).toContain('pago-aprobado');
    expect(ghl.findContactByEmail('otra-persona@example.com')).toBeUndefined();
    expect(await linksOf(contacts.bia)).toEqual([expect.objectContaining({ state: 'paid', external_reference: 'curso-bia-1', mp_payment_id: String(payment.id) })]);
    // the reference is taken now
    const again = await api('POST', '/api/payment-links', { contactId: contacts.bia, title: 'Clase', amount: 10, externalReference: 'curso-bia-1' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already used/);
  }, 60_000);

  it('refuses bad amounts, quantities and currencies with a 400 naming the field, and creates nothing', async () => {
    const requests = preferenceRequests();
    const links = await linkCount();
    for (const [body, field] of [
      [{ amount: -5 }, 'amount'], [{ amount: 10.123 }, 'amount'], [{ amount: '12,345.6' }, 'amount'], [{ currency: 'EUR' }, 'currency'],
      [{ currency: 'CLP', amount: 1990.5 }, 'amount'], [{ currency: 'COP', amount: '1500.50' }, 'amount'], [{ quantity: 0 }, 'quantity'],
      [{ quantity: 2.5 }, 'quantity'], [{ expiresIn: 'pronto' }, 'expiresIn'], [{ contactId: 'a/b' }, 'contactId'], [{ color: 'red' }, 'color'],
    ] as Array<[Record<string, unknown>, string]>) {
      const res = await api('POST', '/api/payment-links', { contactId: contacts.carla, title: 'Curso', amount: 100, ...body });
      expect({ body, status: res.status, field: res.body.field }).toEqual({ body, status: 400, field });
      expect(res.body.error).toMatch(new RegExp(`^invalid ${field}: `));
    }
    const unknownContact = await api('POST', '/api/payment-links', { contactId: 'no-such-contact', title: 'Curso', amount: 100 });
    expect(unknownContact.status).toBe(422);
    expect(preferenceRequests()).toBe(requests);
    expect(await linkCount()).toBe(links);
  });

  it('creates and lists links from the command line, and refuses bad amounts and currencies on one line', async () => {
    const created = await runCli(BIN.ghlPayments, ['payment-link', 'create', '--contact', contacts.dora, '--title', 'Mentoría', '--amount', '2500.5', '--currency', 'MXN', '--json'], env);
    expect({ code: created.code, stderr: created.stderr }).toEqual({ code: 0, stderr: '' });
    const link = JSON.parse(created.stdout);
    expect(link).toMatchObject({ contact_id: contacts.dora, state: 'created', source: 'cli', currency: 'MXN', amount: 2500.5, init_point: expect.stringContaining('pref_id=') });
    expect(preference(link.preference_id)).toMatchObject({ metadata: { ghl_contact_id: contacts.dora }, items: [{ currency_id: 'MXN', unit_price: 2500.5 }] });
    const listed = await runCli(BIN.ghlPayments, ['payment-link', 'list', '--contact', contacts.dora], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${link.id}\\s+default\\s+created\\s+${contacts.dora}\\s+Mentoría\\s+MXN 2500\\.50`));

    const requests = preferenceRequests();
    for (const args of [['--amount', '10.123'], ['--amount', '0'], ['--currency', 'EUR'], ['--currency', 'CLP', '--amount', '1500.5'], ['--quantity', '1.5'], ['--expires', 'pronto']]) {
      const bad = await runCli(BIN.ghlPayments, ['payment-link', 'create', '--contact', contacts.dora, '--title', 'Mentoría', '--amount', '100', ...args], env);
      expect({ args, code: bad.code, stdout: bad.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(bad.stderr).toMatch(/^ghl-payments: invalid --(amount|currency|quantity|expires): [^\n]+\n$/);
    }
    const badState = await runCli(BIN.ghlPayments, ['payment-link', 'list', '--state', 'opened'], env);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(/^ghl-payments: invalid --state: must be one of created, paid, expired\n$/);
    expect(preferenceRequests()).toBe(requests);
    expect((await linksOf(contacts.dora))).toHaveLength(1);
  }, 60_000);

  it('creates a link from a workflow call, writes it into the contact, and answers a redelivery with the same link', async () => {
    const requests = preferenceRequests();
    const body = ghlWorkflowBody(contacts.carla, { amount: '1200.00', title: 'Consulta', currency: 'ARS', expiresIn: '48h' });
    const first = await workflow('', body, { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: expect.any(Number), init_point: expect.stringContaining('pref_id='), expires_at: expect.any(String) });
    expect(ghl.customFieldValues(contacts.carla)[fieldId]).toBe(first.body.init_point);
    expect(ghl.notes(contacts.carla)).toEqual([expect.objectContaining({ body: expect.stringContaining(first.body.init_point) })]);

    // GoHighLevel retries a webhook that failed: the same call, again
    const again = await workflow('', body, { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const viaQuery = await workflow(`?secret=${DEFAULT_SECRET}`, body);
    expect(viaQuery).toEqual({ status: 200, body: first.body });
    expect(preferenceRequests()).toBe(requests + 1);
    expect(ghl.notes(contacts.carla)).toHaveLength(1);
    expect(await linksOf(contacts.carla)).toEqual([expect.objectContaining({ id: first.body.id, source: 'workflow', state: 'created', total: 1200 })]);

    // another amount is another request: a new link
    const other = await workflow('', ghlWorkflowBody(contacts.carla, { amount: '900', title: 'Consulta' }), { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
    expect(ghl.customFieldValues(contacts.carla)[fieldId]).toBe(other.body.init_point);
  }, 30_000);

  it('creates one preference when the same workflow call arrives twice at once: the second waits for the first\'s link', async () => {
    const requests = preferenceRequests();
    const body = ghlWorkflowBody(contacts.dora, { amount: '750', title: 'Taller' }, 'wf-twice');
    mp.setLatency(400);
    let answers;
    try {
      answers = await Promise.all([1, 2].map(() => workflow('', body, { 'x-ghl-payments-secret': DEFAULT_SECRET })));
    } finally {
      mp.setLatency(0);
    }
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0].body).toEqual(answers[1].body);
    expect(preferenceRequests()).toBe(requests + 1);
  }, 30_000);

  it('refuses a wrong or missing secret (401), a bad amount (400) and another location, and creates nothing', async () => {
    const requests = preferenceRequests();
    const links = await linkCount();
    const body = ghlWorkflowBody(contacts.eva, { amount: '500', title: 'Curso' });
    expect((await workflow('', body, { 'x-ghl-payments-secret': 'not-the-secret' })).status).toBe(401);
    expect((await workflow('', body)).status).toBe(401);
    expect((await workflow('?secret=nope', body)).status).toBe(401);
    expect((await workflow('', body, { 'x-ghl-payments-secret': ACME.workflowSecret })).status).toBe(401); // acme's secret is not the shop's
    const bad = await workflow('', ghlWorkflowBody(contacts.eva, { amount: '5,5,5', title: 'Curso' }), { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(bad).toMatchObject({ status: 400, body: { field: 'amount' } });
    const clp = await workflow('', ghlWorkflowBody(contacts.eva, { amount: '1500.5', currency: 'CLP', title: 'Curso' }), { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(clp).toMatchObject({ status: 400, body: { field: 'amount' } });
    const elsewhere = await workflow('', ghlWorkflowBody(contacts.eva, { amount: '500', title: 'Curso' }, 'wf-1', 'loc-other'), { 'x-ghl-payments-secret': DEFAULT_SECRET });
    expect(elsewhere).toMatchObject({ status: 400, body: { field: 'location.id' } });
    expect((await workflow('/nobody', body, { 'x-ghl-payments-secret': DEFAULT_SECRET })).status).toBe(404);
    expect(preferenceRequests()).toBe(requests);
    expect(await linkCount()).toBe(links);
    expect(ghl.customFieldValues(contacts.eva)).toEqual({});
  });

  it('serves a stored account at /:account with its own secret, MercadoPago, location and webhook URL, and marks its link paid', async () => {
    const body = ghlWorkflowBody(contacts.acme, { amount: '3000', title: 'Plan Acme' }, 'wf-acme', ACME.location);
    expect((await workflow('/acme', body, { 'x-ghl-payments-secret': DEFAULT_SECRET })).status).toBe(401);
    const created = await workflow('/acme', body, { 'x-ghl-payments-secret': ACME.workflowSecret });
    expect(created.status).toBe(201);
    const pref = mp.account(ACME.mpToken).getPreference(created.body.preference_id);
    expect(pref).toMatchObject({ collector_id: ACME.userId, notification_url: `${PUBLIC_URL}/webhooks/mp/acme?source_news=webhooks`, payer: { email: 'fede@acme.example' } });
    expect(mp.account(mp.accessToken).getPreference(created.body.preference_id)).toBeUndefined();
    expect(ghl.location(ACME.location).customFieldValues(contacts.acme)[acmeFieldId]).toBe(created.body.init_point);
    expect((await workflow('/acme', body, { 'x-ghl-payments-secret': ACME.workflowSecret })).status).toBe(200);

    const payment = mp.account(ACME.mpToken).payPreference(created.body.preference_id);
    await notify(Number(payment.id), ACME);
    await runWorker();
    const links = (await api('GET', '/api/payment-links?account=acme')).body;
    expect(links).toMatchObject({ total: 1, data: [{ id: created.body.id, account: 'acme', state: 'paid', mp_payment_id: String(payment.id) }] });
    expect(ghl.location(ACME.location).getContact(contacts.acme)?.tags).toContain('pago-aprobado');
    const stored = await t.db.knex('payments').where({ mp_payment_id: String(payment.id) }).first('account', 'ghl_contact_id');
    expect(stored).toEqual({ account: 'acme', ghl_contact_id: contacts.acme });
  }, 60_000);

  it('answers 404 when no workflow secret is configured (the feature is off)', async () => {
    const requests = preferenceRequests();
    const added = await runCli(BIN.ghlPayments, ['accounts', 'add', 'sinclave', '--name', 'Sin clave'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/workflow secret\s+\(not set: payment links from workflows are off\)/);
    const body = ghlWorkflowBody(contacts.eva, { amount: '500', title: 'Curso' });
    expect((await workflow('/sinclave', body, { 'x-ghl-payments-secret': DEFAULT_SECRET })).status).toBe(404);
    const off = createApp({ store: t.db, config: loadConfig({ ...env, GHL_WORKFLOW_SECRET: '' }), logger: createSilentLogger() });
    const res = await request(off).post('/webhooks/ghl/payment-link').set('x-ghl-payments-secret', DEFAULT_SECRET).send(body);
    expect(res.status).toBe(404);
    expect(preferenceRequests()).toBe(requests);
  }, 30_000);

  it('shows a link expired once its expiry has passed unpaid', async () => {
    const created = await api('POST', '/api/payment-links', { contactId: contacts.eva, title: 'Oferta', amount: 99, expiresIn: '10m' });
    expect(created.status).toBe(201);
    expect(await linksOf(contacts.eva)).toEqual([expect.objectContaining({ state: 'created' })]);
    clockOffset = 11 * 60_000;
    try {
      expect(await linksOf(contacts.eva)).toEqual([expect.objectContaining({ id: created.body.id, state: 'expired', paid_at: null })]);
      expect((await api('GET', '/api/payment-links?state=expired')).body.data.map((l: { id: number }) => l.id)).toEqual([created.body.id]);
      expect((await api('GET', `/api/payment-links?state=created&contact=${contacts.eva}`)).body.total).toBe(0);
    } finally {
      clockOffset = 0;
    }
  });

  it('refuses to create a link while PUBLIC_URL is not set: MercadoPago could not reach the receiver', async () => {
    const requests = preferenceRequests();
    const noUrl = loadConfig({ ...env, PUBLIC_URL: '' });
    const app = createApp({
      store: t.db, config: noUrl, logger: createSilentLogger(),
      routers: buildOperatorRouters({ store: t.db, config: noUrl, logger: createSilentLogger(), adminToken: ADMIN_TOKEN }),
    });
    const res = await request(app).post('/api/payment-links').set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({ contactId: contacts.eva, title: 'x', amount: 1 });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatch(/^PUBLIC_URL is not set: MercadoPago must reach this receiver/);
    const cli = await runCli(BIN.ghlPayments, ['payment-link', 'create', '--contact', contacts.eva, '--title', 'x', '--amount', '1'], { ...env, PUBLIC_URL: '' });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^ghl-payments: PUBLIC_URL is not set: [^\n]+\n$/);
    expect(preferenceRequests()).toBe(requests);
  }, 30_000);
});
