import { NewEvent } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase, paymentEvent } from '@ghl-payments/test-support';

const eventOf = (account: string, n: number): NewEvent => ({ ...paymentEvent(`n${n}`, 5000 + n), account });

describe('claimDueEvents with a fair share per account', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('takes another account\'s newer event although one account has an older backlog', async () => {
    for (let n = 0; n < 50; n += 1) await t.db.insertEvent(eventOf('big', n), 1000 + n);
    await t.db.insertEvent(eventOf('small', 999), 2000);
    const claimed = await t.db.claimDueEvents({
      owner: 'w1', limit: 8, leaseMs: 1000, now: 3000, fairShare: { room: {}, defaultRoom: 4, exclude: [] },
    });
    const byAccount = claimed.reduce<Record<string, number>>((m, e) => ({ ...m, [e.account]: (m[e.account] ?? 0) + 1 }), {});
    expect(byAccount).toEqual({ big: 4, small: 1 });
    // oldest first within the account
    expect(claimed.filter((e) => e.account === 'big').map((e) => e.resourceId)).toEqual(['5000', '5001', '5002', '5003']);
  });

  it('respects each account\'s remaining room and leaves excluded accounts alone', async () => {
    for (let n = 0; n < 5; n += 1) {
      await t.db.insertEvent(eventOf('a', n), 1000);
      await t.db.insertEvent(eventOf('b', 10 + n), 1000);
      await t.db.insertEvent(eventOf('c', 20 + n), 1000);
    }
    const claimed = await t.db.claimDueEvents({
      owner: 'w1', limit: 20, leaseMs: 1000, now: 3000, fairShare: { room: { a: 1, b: 0 }, defaultRoom: 3, exclude: ['c'] },
    });
    expect(claimed.map((e) => e.account).sort()).toEqual(['a']);
    const again = await t.db.claimDueEvents({
      owner: 'w1', limit: 20, leaseMs: 1000, now: 3000, fairShare: { room: {}, defaultRoom: 2, exclude: [] },
    });
    expect(again.map((e) => e.account).sort()).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('scopes dedup keys to the account: the same notification id for two accounts is two events', async () => {
    const first = await t.db.insertEvent(eventOf('a', 1), 1000);
    const second = await t.db.insertEvent(eventOf('b', 1), 1000);
    const again = await t.db.insertEvent(eventOf('a', 1), 1001);
    expect(second.id).not.toBe(first.id);
    expect(again).toEqual({ id: first.id, duplicate: true });
    const plain = await t.db.insertEvent(paymentEvent('n1', 5001), 1000);
    expect([first.id, second.id]).not.toContain(plain.id);
    const rows = await t.db.knex('webhook_events').orderBy('id').select('account', 'dedup_key');
    expect(rows).toEqual([
      { account: 'a', dedup_key: 'a/webhook:payment:n1' },
      { account: 'b', dedup_key: 'b/webhook:payment:n1' },
      { account: 'default', dedup_key: 'webhook:payment:n1' },
    ]);
  });
});
