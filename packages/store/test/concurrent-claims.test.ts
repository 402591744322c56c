import { Store } from '@ghl-payments/store';
import { TEST_DIALECT, TestDatabase, createTestDatabase, openDatabase, paymentEvent } from '@ghl-payments/test-support';

const EVENTS = 300;
const LOOPS_PER_POOL = 3;

describe(`claims from two separate connection pools at once (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  let pools: Store[] = [];
  beforeEach(async () => {
    t = await createTestDatabase();
    pools = [openDatabase(t), openDatabase(t)];
  });
  afterEach(async () => {
    await Promise.all(pools.map((d) => d.close()));
    await t.destroy();
  });

  it('never hand the same event to two claimers, and together take every due event once', async () => {
    for (let i = 0; i < EVENTS; i += 1) await t.db.insertEvent(paymentEvent(`c${i}`, 40_000 + i), 1000 + (i % 7));
    const claimed: Array<{ id: number; owner: string }> = [];
    const loop = async (db: Store, owner: string): Promise<void> => {
      for (;;) {
        const batch = await db.claimDueEvents({ owner, limit: 7, leaseMs: 60_000, now: 5000 });
        if (batch.length === 0) return;
        batch.forEach((e) => claimed.push({ id: e.id, owner }));
      }
    };
    await Promise.all(pools.flatMap((db, p) => Array.from({ length: LOOPS_PER_POOL }, (_, l) => loop(db, `pool${p}-loop${l}`))));

    const ids = claimed.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length); // no id twice
    expect(ids).toHaveLength(EVENTS);
    const owners = new Set(claimed.map((c) => c.owner.slice(0, 5)));
    expect(owners).toEqual(new Set(['pool0', 'pool1'])); // both pools really took part
    const rows = await t.db.knex('webhook_events').select('id', 'status', 'attempts', 'lease_owner');
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'processing', attempts: 1 });
      expect(row.lease_owner).toBe(claimed.find((c) => c.id === Number(row.id))!.owner);
    }
  });
});
