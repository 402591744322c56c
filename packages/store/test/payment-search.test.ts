import { createTestDatabase, seedPayment, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const page = { limit: 50, offset: 0 };

describe(`store: one search box over payments (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  const ids: Record<string, number> = {};
  const found = async (search: string, more: Record<string, string> = {}) =>
    (await t.db.listPayments({ search, ...more }, page)).data.map((p) => p.id).sort((a, b) => a - b);

  beforeAll(async () => {
    t = await createTestDatabase();
    ids.ana = await seedPayment(t.db, { mpPaymentId: '1320000001', payerName: 'Ana María Pérez', payerEmail: 'Ana.Perez@Example.com', externalReference: 'ORDER-2026-001' });
    ids.bob = await seedPayment(t.db, { mpPaymentId: '1320000002', status: 'rejected', payerName: 'Bob Stone', payerEmail: 'bob@shop.test', externalReference: 'order-2026-002' });
    ids.percent = await seedPayment(t.db, { mpPaymentId: '1320000003', payerName: null, payerEmail: 'x@example.com', externalReference: '100%_off' });
    ids.other = await seedPayment(t.db, { mpPaymentId: '1320000004', payerName: 'Carla', payerEmail: 'carla@example.com', externalReference: '100a0bof', account: 'acme' });
    ids.expected = (await t.db.registerExpectedPayment({ externalReference: 'order-2026-009', ghlContactId: 'c-9' }, 5)).id;
  });
  afterAll(async () => { await t.destroy(); });

  it('stores the payer name and returns it with the payment', async () => {
    const [ana] = (await t.db.listPayments({ mpPaymentId: '1320000001' }, page)).data;
    expect(ana).toMatchObject({ payerName: 'Ana María Pérez', payerEmail: 'Ana.Perez@Example.com' });
    expect((await t.db.getPayment(ids.percent))?.payerName).toBeNull();
    expect((await t.db.getPayment(ids.expected))?.payerName).toBeNull();
  });

  it('finds by part of the buyer name, in any case', async () => {
    expect(await found('maría')).toEqual([ids.ana]);
    expect(await found('PÉREZ')).toEqual([ids.ana]); // the search text is lower-cased whole, the stored name by the database
    expect(await found('perez')).toEqual([ids.ana]); // part of the email
    expect(await found('STONE')).toEqual([ids.bob]);
  });

  it('finds by part of the buyer email, in any case', async () => {
    expect(await found('ana.perez@EXAMPLE')).toEqual([ids.ana]);
    expect(await found('@example.com')).toEqual([ids.ana, ids.percent, ids.other]);
  });

  it('finds by part of the external reference, in any case, including payments registered in advance', async () => {
    expect(await found('order-2026')).toEqual([ids.ana, ids.bob, ids.expected]);
    expect(await found('2026-00')).toEqual([ids.ana, ids.bob, ids.expected]);
  });

  it('finds by the exact MercadoPago payment id only', async () => {
    expect(await found('1320000002')).toEqual([ids.bob]);
    expect(await found(' 1320000002 ')).toEqual([ids.bob]);
    expect(await found('132000000')).toEqual([]);
  });

  it('matches LIKE wildcards literally', async () => {
    expect(await found('%')).toEqual([ids.percent]);
    expect(await found('0%_')).toEqual([ids.percent]);
    expect(await found('_')).toEqual([ids.percent]);
    expect(await found('0_0')).toEqual([]);
    expect(await found("' OR 1=1 --")).toEqual([]);
    expect(await found('\\')).toEqual([]);
  });

  it('combines with the other filters, and an empty search filters nothing', async () => {
    expect(await found('order-2026', { status: 'rejected' })).toEqual([ids.bob]);
    expect(await found('example', { account: 'acme' })).toEqual([ids.other]);
    expect(await found('example', { account: 'default' })).toEqual([ids.ana, ids.percent]);
    expect((await t.db.listPayments({ search: '   ' }, page)).total).toBe(5);
    expect((await t.db.listPayments({ search: 'order-2026' }, { limit: 1, offset: 0 })).total).toBe(3);
  });
});

describe(`store: the payment list carries what the rules did (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  const apply = async (mpPaymentId: string, status: string, rule: string, actionIndex: number, kind: string, detail: unknown, at: number) => {
    const key = { subject: `payment:${mpPaymentId}`, status, round: 1, rule, actionIndex };
    await t.db.reserveAction({ ...key, kind, contactId: `c-${mpPaymentId}`, eventId: 1, leaseMs: 1000, now: at });
    await t.db.markActionApplied({ ...key, detail: JSON.stringify(detail) }, at + 1);
  };

  it("gives each payment its own actions, oldest first, in one statement for the page's payments", async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 12; i += 1) ids.push(await seedPayment(t.db, { mpPaymentId: String(7000 + i) }));
    await apply('7001', 'pending', 'status-tags:pending', 0, 'addTags', { tags: ['pago-pendiente'] }, 10);
    await apply('7001', 'approved', 'status-tags:approved', 0, 'addTags', { tags: ['pago-aprobado'] }, 20);
    await apply('7001', 'approved', 'status-tags:approved', 1, 'removeTags', { tags: ['pago-pendiente'] }, 21);
    await apply('7002', 'approved', 'nota', 0, 'addNote', { noteId: 'n1' }, 30);
    await t.db.reserveAction({ subject: 'payment:7003', status: 'approved', round: 1, rule: 'wf', actionIndex: 0, kind: 'addToWorkflow', contactId: 'c', eventId: 1, leaseMs: 1000, now: 40 });

    const statements: string[] = [];
    const count = (q: { sql: string }) => { statements.push(q.sql); };
    t.db.knex.on('query', count);
    const result = await t.db.listPayments({}, page);
    t.db.knex.off('query', count);

    expect(statements.filter((sql) => /rule_actions/.test(sql))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(3); // the page, its count, and the actions of all its payments
    const byMp = new Map(result.data.map((p) => [p.mpPaymentId, p.actions]));
    expect(byMp.get('7001')!.map((a) => [a.status, a.kind, a.state])).toEqual([
      ['pending', 'addTags', 'applied'], ['approved', 'addTags', 'applied'], ['approved', 'removeTags', 'applied'],
    ]);
    expect(byMp.get('7002')).toEqual([expect.objectContaining({ kind: 'addNote', detail: '{"noteId":"n1"}', contactId: 'c-7002', appliedAt: 31 })]);
    expect(byMp.get('7003')).toEqual([expect.objectContaining({ kind: 'addToWorkflow', state: 'applying', appliedAt: null })]);
    expect(byMp.get('7004')).toEqual([]);
  });
});
