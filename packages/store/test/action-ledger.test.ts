import { describeRecordedAction } from '@ghl-payments/store';
import { createTestDatabase, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const key = { subject: 'payment:123', status: 'approved', round: 1, rule: 'aprobado', actionIndex: 0 };
const reservation = (eventId: number, now: number, over: Partial<typeof key> = {}) => ({
  ...key, ...over, kind: 'addTags', contactId: 'c1', eventId, leaseMs: 1000, now,
});

describe(`the rule-action ledger (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('gives the right to act to the first caller only, and reports it applied afterwards with what it did', async () => {
    const results = await Promise.all([1, 2, 3].map((eventId) => t.db.reserveAction(reservation(eventId, 100))));
    expect(results.filter((r) => r.state === 'reserved')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'busy')).toEqual([{ state: 'busy', until: 1100 }, { state: 'busy', until: 1100 }]);
    await t.db.markActionApplied({ ...key, detail: JSON.stringify({ tags: ['pago-aprobado'] }) }, 200);
    expect(await t.db.reserveAction(reservation(4, 300))).toEqual({ state: 'already-applied', appliedAt: 200 });
    const [row] = await t.db.listActions('payment:123');
    expect(row).toEqual(expect.objectContaining({ ...key, kind: 'addTags', state: 'applied', appliedAt: 200, contactId: 'c1' }));
    expect(describeRecordedAction(row)).toBe('add tags pago-aprobado');
  });

  it('keeps each action, rule, status and round apart: another round of the same status may act again', async () => {
    expect(await t.db.reserveAction(reservation(1, 100))).toEqual({ state: 'reserved' });
    for (const other of [{ actionIndex: 1 }, { rule: 'otra' }, { status: 'refunded' }, { round: 2 }, { subject: 'payment:124' }]) {
      expect(await t.db.reserveAction(reservation(1, 100, other))).toEqual({ state: 'reserved' });
    }
    expect(await t.db.listActions('payment:123')).toHaveLength(5);
  });

  it('lets another event take over a reservation whose holder died, and one given back', async () => {
    expect(await t.db.reserveAction(reservation(1, 100))).toEqual({ state: 'reserved' });
    await t.db.renewAction(key, 1, 1000, 900); // now held until 1900
    expect(await t.db.reserveAction(reservation(2, 1500))).toEqual({ state: 'busy', until: 1900 });
    expect(await t.db.reserveAction(reservation(2, 2000))).toEqual({ state: 'reserved', takenOver: true });
    await t.db.releaseAction(key, 1); // not the holder any more: nothing happens
    expect(await t.db.reserveAction(reservation(3, 2100))).toEqual({ state: 'busy', until: 3000 });
    await t.db.releaseAction(key, 2);
    expect(await t.db.reserveAction(reservation(3, 2200))).toEqual({ state: 'reserved' });
  });
});
