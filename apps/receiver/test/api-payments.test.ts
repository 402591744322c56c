import request from 'supertest';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

describe('/api/payments', () => {
  let f: OperatorFixture;
  let approved: number;
  let eventId: number;
  const get = (path: string) => request(f.app).get(path).set('Authorization', BEARER);
  const post = (body: unknown) => request(f.app).post('/api/payments').set('Authorization', BEARER).send(body as object);
  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: Date.UTC(2026, 10, 30) });
    approved = await seedPayment(f.t.db, { mpPaymentId: '2001', status: 'approved', payerEmail: 'ana@example.com', externalReference: 'ord-1' });
    await seedPayment(f.t.db, { mpPaymentId: '2002', status: 'rejected', payerEmail: 'bob@example.com' });
    eventId = await seedEvent(f.t.db, { status: 'success', resourceId: '2001', paymentId: approved });
    const key = { subject: 'payment:2001', status: 'approved', round: 1, rule: 'aprobado', actionIndex: 0 };
    await f.t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'ct-1', eventId, leaseMs: 1000, now: 1 });
    await f.t.db.markActionApplied({ ...key, detail: '{"tags":["pago-aprobado"]}' }, Date.UTC(2026, 10, 29));
  });
  afterAll(async () => { await f.t.destroy(); });

  it('lists payments newest first with filters', async () => {
    const all = await get('/api/payments');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(all.body.data[1]).toMatchObject({ id: approved, mp_payment_id: '2001', status: 'approved', amount: 150.5, currency: 'ARS', payer_email: 'ana@example.com' });
    expect((await get('/api/payments?status=rejected')).body.data.map((p: { mp_payment_id: string }) => p.mp_payment_id)).toEqual(['2002']);
    expect((await get('/api/payments?email=ANA@example.com')).body.total).toBe(1);
    expect((await get('/api/payments?external_reference=ord-1')).body.total).toBe(1);
    expect((await get('/api/payments?limit=1&offset=1')).body.data.map((p: { id: number }) => p.id)).toEqual([approved]);
  });

  it.each([['status=Approved!', 'status'], ['email=not-an-email', 'email'], ['limit=1000', 'limit'], ['payer=x', 'payer']])('answers 400 for %s', async (query, parameter) => {
    const res = await get(`/api/payments?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe(parameter);
  });

  it('shows a payment with its events, rule actions and MercadoPago JSON', async () => {
    const res = await get(`/api/payments/${approved}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: approved, mp_payment_id: '2001', events: [{ id: eventId, status: 'success' }],
      actions: [{
        status: 'approved', round: 1, rule: 'aprobado', action_index: 0, kind: 'addTags', description: 'add tags pago-aprobado', contact_id: 'ct-1',
        state: 'applied', event_id: eventId, created_at: '1970-01-01T00:00:00.001Z', applied_at: '2026-11-29T00:00:00.000Z',
      }],
      status_changes: [],
      mercadopago: { id: 2001, status: 'approved' },
    });
    expect((await get('/api/payments/123456')).status).toBe(404);
    expect((await get('/api/payments/x')).status).toBe(400);
  });

  it('registers an expected payment', async () => {
    const res = await post({ external_reference: 'order-77', ghl_contact_id: 'contact_77', amount: 99.9, currency: 'ars', description: 'Curso' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/payments/${res.body.id}`);
    expect(res.body).toMatchObject({ external_reference: 'order-77', ghl_contact_id: 'contact_77', amount: 99.9, currency: 'ARS', mp_payment_id: null, status: null });
    const minimal = await post({ external_reference: 'order-78', ghl_contact_id: 'c78' });
    expect(minimal.status).toBe(201);
    expect(minimal.body).toMatchObject({ amount: null, currency: null, description: null });
    const again = await post({ external_reference: 'order-77', ghl_contact_id: 'contact_77' });
    expect(again.status).toBe(409);
    expect(again.body.id).toBe(res.body.id);
  });

  it.each([
    [{ ghl_contact_id: 'c' }, 'external_reference'],
    [{ external_reference: '', ghl_contact_id: 'c' }, 'external_reference'],
    [{ external_reference: 'x'.repeat(257), ghl_contact_id: 'c' }, 'external_reference'],
    [{ external_reference: 'r' }, 'ghl_contact_id'],
    [{ external_reference: 'r', ghl_contact_id: 'bad id!' }, 'ghl_contact_id'],
    [{ external_reference: 'r', ghl_contact_id: 'c', amount: -1 }, 'amount'],
    [{ external_reference: 'r', ghl_contact_id: 'c', amount: '10' }, 'amount'],
    [{ external_reference: 'r', ghl_contact_id: 'c', currency: 'pesos' }, 'currency'],
    [{ external_reference: 'r', ghl_contact_id: 'c', description: 7 }, 'description'],
    [{ external_reference: 'r', ghl_contact_id: 'c', admin: true }, 'admin'],
    [[1, 2], '(body)'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: expect.stringContaining(field), field });
  });

  it('says "is required" for a missing field and the expected type for a wrong one', async () => {
    expect((await post({ external_reference: 'r' })).body.error).toBe('invalid ghl_contact_id: is required');
    expect((await post({ external_reference: 'r', ghl_contact_id: 'c', amount: '10' })).body.error).toBe('invalid amount: must be a number');
  });

  it('refuses a body that is not JSON', async () => {
    const form = await request(f.app).post('/api/payments').set('Authorization', BEARER).type('form').send({ external_reference: 'x', ghl_contact_id: 'y' });
    expect(form.status).toBe(415);
    const broken = await request(f.app).post('/api/payments').set('Authorization', BEARER).set('Content-Type', 'application/json').send('{"external_reference":');
    expect(broken.status).toBe(400);
  });
});
