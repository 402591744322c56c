import type { Knex } from 'knex';
import { TEST_DIALECT, TestDatabase, createTestDatabase } from '@ghl-payments/test-support';

interface Captured { sql: string; bindings: readonly unknown[] }

/** The statements `fn` sends to the database. */
async function capture(t: TestDatabase, fn: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  const listener = (q: { sql: string; bindings?: readonly unknown[] }) => { seen.push({ sql: q.sql, bindings: q.bindings ?? [] }); };
  t.db.knex.on('query', listener);
  try {
    await fn();
  } finally {
    t.db.knex.off('query', listener);
  }
  return seen;
}

/** The plan of a statement, as text. PostgreSQL is told to avoid sequential scans, to show whether an index can serve it. */
async function planOf(t: TestDatabase, q: Captured): Promise<string> {
  if (TEST_DIALECT === 'sqlite') {
    const rows = await t.db.knex.raw(`EXPLAIN QUERY PLAN ${q.sql}`, q.bindings as readonly Knex.RawBinding[]) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }
  return t.db.knex.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    const result = await trx.raw(`EXPLAIN ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings as readonly Knex.RawBinding[]) as { rows: Array<{ 'QUERY PLAN': string }> };
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('the hot and periodic queries are served by indexes', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it('rescuing expired leases uses the due index (status first), not a scan of every event', async () => {
    const q = (await capture(t, () => t.db.rescueExpiredLeases({ now: Date.now(), maxFailures: 5 }))).find((s) => /update/i.test(s.sql));
    expect(q).toBeDefined();
    expect(await planOf(t, q!)).toMatch(/webhook_events_due_idx/);
  });

  it('claiming uses the due index', async () => {
    const [q] = await capture(t, () => t.db.claimDueEvents({ owner: 'w', limit: 4, leaseMs: 1000, now: Date.now() }));
    expect(await planOf(t, q)).toMatch(/webhook_events_due_idx/);
  });

  it('the events of a payment use the partial payment index', async () => {
    const payment = await t.db.recordPayment({
      mpPaymentId: '777', status: 'approved', statusDetail: null, amount: 10, currency: 'ARS', description: null, externalReference: null,
      payerEmail: null, dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: '{}',
    }, Date.now());
    const queries = await capture(t, () => t.db.getPayment(payment.id));
    const events = queries.find((q) => /from "webhook_events"|from `webhook_events`|webhook_events/.test(q.sql) && /payment_id/.test(q.sql));
    expect(events).toBeDefined();
    expect(await planOf(t, events!)).toMatch(/webhook_events_payment_idx/);
  });
});
