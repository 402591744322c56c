import request from 'supertest';
import { seedPayment } from '@ghl-payments/test-support';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

describe('GET /api/payments?q= (one search box)', () => {
  let f: OperatorFixture;
  const ids: Record<string, number> = {};
  const get = (path: string) => request(f.app).get(path).set('Authorization', BEARER);
  const found = async (query: string) => {
    const res = await get(`/api/payments?${query}`);
    expect(res.status).toBe(200);
    return (res.body.data as Array<{ id: number }>).map((p) => p.id);
  };

  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: Date.UTC(2026, 11, 1) });
    ids.ana = await seedPayment(f.t.db, { mpPaymentId: '3001', payerName: 'Ana Pérez', payerEmail: 'ana@example.com', externalReference: 'web-100' });
    ids.bob = await seedPayment(f.t.db, { mpPaymentId: '3002', status: 'rejected', payerName: 'Bob Stone', payerEmail: 'bob@shop.test', externalReference: 'WEB-101' });
    ids.ref = await seedPayment(f.t.db, { mpPaymentId: '3003', payerName: null, payerEmail: null, externalReference: 'promo_50%' });
  });
  afterAll(async () => { await f.t.destroy(); });

  it('finds by part of the buyer name or email, part of the reference (any case) or the exact MercadoPago id', async () => {
    expect(await found('q=p%C3%A9rez')).toEqual([ids.ana]);
    expect(await found('q=SHOP.TEST')).toEqual([ids.bob]);
    expect(await found('q=web-10')).toEqual([ids.bob, ids.ana]);
    expect(await found('q=3003')).toEqual([ids.ref]);
    expect(await found('q=300')).toEqual([]);
    expect(await found('q=_50%25')).toEqual([ids.ref]);
    expect(await found('q=pr_mo')).toEqual([]); // `_` is no wildcard
  });

  it('keeps the other filters working beside it', async () => {
    expect(await found('q=web&status=rejected')).toEqual([ids.bob]);
    expect(await found('q=web&email=ana@example.com')).toEqual([ids.ana]);
    expect(await found('q=web&external_reference=WEB-101')).toEqual([ids.bob]);
    expect(await found('q=web&account=other')).toEqual([]);
    expect(await found('q=%20%20')).toEqual([ids.ref, ids.bob, ids.ana]);
  });

  it('answers the payer name with each payment', async () => {
    const res = await get('/api/payments?q=ana');
    expect(res.body).toMatchObject({ total: 1, data: [{ id: ids.ana, payer_name: 'Ana Pérez', payer_email: 'ana@example.com' }] });
    expect((await get(`/api/payments/${ids.ref}`)).body).toMatchObject({ payer_name: null });
  });

  it('refuses a search that is too long or not printable, naming the parameter', async () => {
    const long = await get(`/api/payments?q=${'x'.repeat(321)}`);
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('q');
    expect((await get('/api/payments?q=a%00b')).status).toBe(400);
  });
});
