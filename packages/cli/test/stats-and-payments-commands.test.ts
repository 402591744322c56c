import { BIN, createTestDatabase, runCli, seedEvent, seedPayment, TestDatabase } from '@ghl-payments/test-support';

describe('ghl-payments stats and payments list | show', () => {
  let t: TestDatabase;
  let paid: number;
  const run = (...args: string[]) => runCli(BIN.ghlPayments, args, { DATABASE_URL: t.url });

  beforeAll(async () => {
    t = await createTestDatabase();
    const now = Date.now();
    paid = await seedPayment(t.db, { mpPaymentId: '9101', status: 'approved', payerEmail: 'ana@example.com', externalReference: 'curso-1' });
    await seedPayment(t.db, { mpPaymentId: '9102', status: 'rejected', payerEmail: 'bob@example.com' });
    await t.db.registerExpectedPayment({ externalReference: 'curso-2', ghlContactId: 'ct-2' }, now);
    await seedEvent(t.db, { status: 'pending', receivedAt: now - 90_000 });
    await seedEvent(t.db, { status: 'failed', receivedAt: now - 30_000, processedAt: now - 20_000 });
    await seedEvent(t.db, { status: 'success', topic: 'merchant_order', receivedAt: now - 10_000, processedAt: now - 5000, paymentId: paid });
  });
  afterAll(async () => { await t.destroy(); });

  it('prints the stats as readable tables', async () => {
    const [res, json] = await Promise.all([run('stats'), run('stats', '--json')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^STATUS\s+EVENTS/m);
    expect(res.stdout).toMatch(/^pending\s+1\s+1 due now$/m);
    expect(res.stdout).toMatch(/^failed\s+1$/m);
    expect(res.stdout).toMatch(/^backlog: 1 \(pending \+ processing\); oldest pending: 1m \d+s$/m);
    expect(res.stdout).toMatch(/^last hour\s+3\s+1\s+1$/m);
    expect(res.stdout).toMatch(/^merchant_order\s+1$/m);
    expect(JSON.parse(json.stdout)).toMatchObject({ by_status: { pending: 1, failed: 1, success: 1 }, per_minute: expect.any(Array) });
  });

  it('lists payments with filters', async () => {
    const [all, approved, byEmail, bad] = await Promise.all([
      run('payments', 'list'),
      run('payments', 'list', '--status', 'approved', '--json'),
      run('payments', 'list', '--email', 'BOB@example.com', '--json'),
      run('payments', 'list', '--email', 'nobody'),
    ]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^ID\s+MP PAYMENT\s+STATUS\s+AMOUNT/);
    expect(all.stdout).toContain('(expected)');
    expect(all.stdout).toContain('1–3 of 3');
    expect(JSON.parse(approved.stdout)).toMatchObject({ total: 1, data: [{ mp_payment_id: '9101', payer_email: 'ana@example.com' }] });
    expect(JSON.parse(byEmail.stdout).data.map((p: { mp_payment_id: string }) => p.mp_payment_id)).toEqual(['9102']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --email');
  });

  it('shows one payment with its events', async () => {
    const [res, missing] = await Promise.all([run('payments', 'show', String(paid)), run('payments', 'show', '4242')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Payment #${paid}  approved`);
    expect(res.stdout).toMatch(/merchant_order\s+success/);
    expect(missing.code).toBe(1);
  });

  it('refuses to run on a database that is not migrated', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const res = await runCli(BIN.ghlPayments, ['stats'], { DATABASE_URL: fresh.url });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('not migrated: run `ghl-payments migrate` first');
    } finally {
      await fresh.destroy();
    }
  });
});
