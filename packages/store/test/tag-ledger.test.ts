import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const key = { mpPaymentId: '123', paymentStatus: 'approved' };
const reservation = (eventId: number, now: number) => ({ ...key, tags: ['pago-aprobado'], contactId: 'c1', eventId, leaseMs: 1000, now });

describe(`the tag ledger (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('gives the right to tag to the first caller only, and reports it applied afterwards', async () => {
    const results = await Promise.all([1, 2, 3].map((eventId) => t.db.reserveTags(reservation(eventId, 100))));
    expect(results.filter((r) => r.state === 'reserved')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'busy')).toEqual([{ state: 'busy', until: 1100 }, { state: 'busy', until: 1100 }]);
    await t.db.markTagsApplied(key, 200);
    expect(await t.db.reserveTags(reservation(4, 300))).toEqual({ state: 'already-applied', appliedAt: 200 });
    expect(await t.db.listPaymentTags('123')).toEqual([expect.objectContaining({ state: 'applied', tags: ['pago-aprobado'], appliedAt: 200 })]);
  });

  it('lets another event take over a reservation whose holder died, and one given back', async () => {
    expect(await t.db.reserveTags(reservation(1, 100))).toEqual({ state: 'reserved' });
    await t.db.renewTagReservation(key, 1, 1000, 900); // now held until 1900
    expect(await t.db.reserveTags(reservation(2, 1500))).toEqual({ state: 'busy', until: 1900 });
    expect(await t.db.reserveTags(reservation(2, 2000))).toEqual({ state: 'reserved' });
    await t.db.releaseTagReservation(key, 1); // not the holder any more: nothing happens
    expect(await t.db.reserveTags(reservation(3, 2100))).toEqual({ state: 'busy', until: 3000 });
    await t.db.releaseTagReservation(key, 2);
    expect(await t.db.reserveTags(reservation(3, 2200))).toEqual({ state: 'reserved' });
  });
});
