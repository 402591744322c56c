import { createFakeMercadoPago, FakeMercadoPago, formatMercadoPagoDate, SEARCH_MAX_LIMIT, SEARCH_MAX_OFFSET } from '@ghl-payments/sandbox';
import { http, mpAuth } from './http-client';

const HOUR = 3_600_000;

describe('fake MercadoPago: GET /v1/payments/search', () => {
  let mp: FakeMercadoPago;
  const base = Date.now() - 10 * HOUR;
  const search = (query: Record<string, string | number>, config = mpAuth()) =>
    http.get(`${mp.url}/v1/payments/search`, { ...config, params: query });

  beforeAll(async () => { mp = await createFakeMercadoPago(); });
  beforeEach(() => {
    // five payments, updated one hour apart: 1 oldest … 5 newest; 3 is refunded and has its own reference
    for (let n = 1; n <= 5; n += 1) {
      mp.setPayment({
        id: n, status: n === 3 ? 'refunded' : 'approved', external_reference: n === 3 ? 'order-three' : `order-${n}`,
        date_created: formatMercadoPagoDate(base + n * HOUR - 1000), date_last_updated: formatMercadoPagoDate(base + n * HOUR),
      });
    }
  });
  afterEach(() => mp.reset());
  afterAll(async () => { await mp.close(); });

  it('answers paging and results, ranged and sorted by date_last_updated, both ends of the range included', async () => {
    const res = await search({
      range: 'date_last_updated', begin_date: formatMercadoPagoDate(base + 2 * HOUR), end_date: formatMercadoPagoDate(base + 4 * HOUR),
      sort: 'date_last_updated', criteria: 'asc',
    });
    expect(res.status).toBe(200);
    expect(res.data.paging).toEqual({ total: 3, limit: 30, offset: 0 });
    expect(res.data.results.map((p: { id: number }) => p.id)).toEqual([2, 3, 4]);
    expect(res.data.results[1]).toMatchObject({ id: 3, status: 'refunded', external_reference: 'order-three' });

    const desc = await search({ sort: 'date_last_updated', criteria: 'desc' });
    expect(desc.data.results.map((p: { id: number }) => p.id)).toEqual([5, 4, 3, 2, 1]);
  });

  it('pages with limit and offset, the total counting the whole result', async () => {
    const page = await search({ sort: 'id', criteria: 'asc', limit: 2, offset: 2 });
    expect(page.data.paging).toEqual({ total: 5, limit: 2, offset: 2 });
    expect(page.data.results.map((p: { id: number }) => p.id)).toEqual([3, 4]);
    const past = await search({ sort: 'id', criteria: 'asc', limit: 2, offset: 6 });
    expect(past.data).toEqual({ paging: { total: 5, limit: 2, offset: 6 }, results: [] });
  });

  it('filters by external_reference and status', async () => {
    expect((await search({ external_reference: 'order-three' })).data.results.map((p: { id: number }) => p.id)).toEqual([3]);
    expect((await search({ status: 'approved' })).data.paging.total).toBe(4);
  });

  it('reads NOW-relative dates', async () => {
    const res = await search({ range: 'date_last_updated', begin_date: 'NOW-8HOURS', end_date: 'NOW' });
    // updated at base+1h … base+5h, i.e. 9h … 5h ago: the last three are within 8 hours
    expect(res.data.results.map((p: { id: number }) => p.id).sort()).toEqual([3, 4, 5]);
  });

  it('refuses what MercadoPago refuses, with its error shape and cause codes', async () => {
    const cases: Array<[Record<string, string | number>, number, string]> = [
      [{ limit: SEARCH_MAX_LIMIT + 1 }, 1000, 'Number of rows exceeded the limits.'],
      [{ offset: SEARCH_MAX_OFFSET + 1 }, 1000, 'Number of rows exceeded the limits.'],
      [{ begin_date: '2026-12-01', range: 'date_created' }, 1001, "Date format must be yyyy-MM-dd'T'HH:mm:ss.SSSZ."],
      [{ end_date: 'NOW-2YEARS' }, 1001, "Date format must be yyyy-MM-dd'T'HH:mm:ss.SSSZ."],
      [{ sort: 'amount' }, 1003, 'Invalid sort value.'],
      [{ criteria: 'up' }, 1004, 'Invalid criteria value.'],
      [{ limit: 'ten' }, 1, 'Params Error.'],
      [{ range: 'date_paid' }, 1, 'Params Error.'],
    ];
    for (const [query, code, message] of cases) {
      const res = await search(query);
      expect(res.status).toBe(400);
      expect(res.data).toEqual({ message, error: 'bad_request', status: 400, cause: [{ code, description: message, data: null }] });
    }
    const limits = await search({ limit: SEARCH_MAX_LIMIT, offset: SEARCH_MAX_OFFSET });
    expect(limits.status).toBe(200);
  });

  it('answers 401 without the token', async () => {
    const res = await search({}, {});
    expect(res.status).toBe(401);
    expect(res.data).toMatchObject({ error: 'unauthorized', status: 401 });
  });

  it('leaves out payments created more than twelve months ago', async () => {
    mp.setPayment({ id: 99, date_created: formatMercadoPagoDate(Date.now() - 400 * 24 * HOUR) });
    const res = await search({ limit: 50 });
    expect(res.data.paging.total).toBe(5);
    expect(res.data.results.map((p: { id: number }) => p.id)).not.toContain(99);
  });

  it('is still GET /v1/payments/:id for a numeric id', async () => {
    const res = await http.get(`${mp.url}/v1/payments/3`, mpAuth());
    expect(res.data).toMatchObject({ id: 3, status: 'refunded' });
  });
});
