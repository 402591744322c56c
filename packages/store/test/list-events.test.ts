import type { EventFilter } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase, seedEvent, seedPayment } from '@ghl-payments/test-support';

const T0 = 1_700_000_000_000;
const page = { limit: 50, offset: 0 };

describe('listEvents', () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestDatabase();
    const paymentRow = await seedPayment(t.db, { mpPaymentId: '777' });
    ids.failed = await seedEvent(t.db, { status: 'failed', resourceId: '555', receivedAt: T0 });
    ids.success = await seedEvent(t.db, { status: 'success', resourceId: '556', receivedAt: T0 + 1000 });
    ids.pending = await seedEvent(t.db, { status: 'pending', resourceId: 'a_b%c', receivedAt: T0 + 2000 });
    ids.order = await seedEvent(t.db, { status: 'success', topic: 'merchant_order', resourceId: '9001', receivedAt: T0 + 3000, paymentId: paymentRow });
    ids.ignored = await seedEvent(t.db, { status: 'ignored', topic: 'subscription_preapproval', resourceId: 'aXbc', receivedAt: T0 + 4000 });
  });
  afterAll(async () => { await t.destroy(); });

  const idsOf = async (filter: EventFilter, p = page) => (await t.db.listEvents(filter, p)).data.map((e) => e.id);

  it('lists newest first with the total and leaves the stored request out', async () => {
    const result = await t.db.listEvents({}, page);
    expect(result.total).toBe(5);
    expect(result.data.map((e) => e.id)).toEqual([ids.ignored, ids.order, ids.pending, ids.success, ids.failed]);
    expect(result.data[0]).not.toHaveProperty('payload');
    expect(result.data[0]).not.toHaveProperty('headers');
    expect(result.data[0]).toMatchObject({ status: 'ignored', topic: 'subscription_preapproval', resourceId: 'aXbc', mpPaymentId: null });
  });

  it('pages with limit and offset', async () => {
    const result = await t.db.listEvents({}, { limit: 2, offset: 2 });
    expect(result.total).toBe(5);
    expect(result.data.map((e) => e.id)).toEqual([ids.pending, ids.success]);
  });

  it('filters by one or several statuses', async () => {
    expect(await idsOf({ statuses: ['failed'] })).toEqual([ids.failed]);
    expect(await idsOf({ statuses: ['failed', 'ignored'] })).toEqual([ids.ignored, ids.failed]);
  });

  it('filters by type (topic or raw type)', async () => {
    expect(await idsOf({ type: 'merchant_order' })).toEqual([ids.order]);
    expect(await idsOf({ type: 'payment' })).toEqual([ids.pending, ids.success, ids.failed]);
  });

  it('filters by MercadoPago payment id: a payment event\'s resource or the payment an event was linked to', async () => {
    expect(await idsOf({ mpPaymentId: '555' })).toEqual([ids.failed]);
    expect(await idsOf({ mpPaymentId: '777' })).toEqual([ids.order]);
    const [linked] = (await t.db.listEvents({ mpPaymentId: '777' }, page)).data;
    expect(linked.mpPaymentId).toBe('777');
  });

  it('searches the resource id and dedup key literally, ignoring case', async () => {
    expect(await idsOf({ search: '55' })).toEqual([ids.success, ids.failed]);
    expect(await idsOf({ search: 'A_B%' })).toEqual([ids.pending]);
    expect(await idsOf({ search: 'a_b' })).toEqual([ids.pending]); // `_` is not a wildcard (aXbc does not match)
    expect(await idsOf({ search: '%' })).toEqual([ids.pending]);
    expect(await idsOf({ search: 'webhook:merchant_order:' })).toEqual([ids.order]);
  });

  it('filters by received time: since inclusive, until exclusive', async () => {
    expect(await idsOf({ since: T0 + 1000, until: T0 + 3000 })).toEqual([ids.pending, ids.success]);
  });

  it('treats SQL in filter values as plain text', async () => {
    const attacks = ["' OR '1'='1", "1; DROP TABLE webhook_events; --", "\" OR 1=1 --", "%' UNION SELECT * FROM payments --"];
    for (const text of attacks) {
      expect(await idsOf({ search: text })).toEqual([]);
      expect(await idsOf({ type: text })).toEqual([]);
      expect(await idsOf({ mpPaymentId: text })).toEqual([]);
    }
    expect((await t.db.listEvents({}, page)).total).toBe(5);
  });
});
