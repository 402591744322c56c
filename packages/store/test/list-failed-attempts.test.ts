import { createTestDatabase, seedEvents, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

describe(`the failed attempts of a payment's events (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('lists retried, failed and lost attempts of the given events only, oldest first, with their errors as stored', async () => {
    const [first, second, other] = await seedEvents(t.db, [
      { status: 'success', resourceId: '7001', history: [
        { outcome: 'retry', startedAt: 1_000, durationMs: 10, error: 'GoHighLevel answered 503 for POST /contacts/:id/tags' },
        { outcome: 'success', startedAt: 5_000, durationMs: 10 },
      ] },
      { status: 'failed', resourceId: '7001', history: [
        { outcome: 'deferred', startedAt: 2_000, durationMs: 5, error: 'rate limited' },
        { outcome: 'lost', startedAt: 3_000, durationMs: 0, error: null },
        { outcome: 'failed', startedAt: 4_000, durationMs: 20, error: 'GoHighLevel location loc-test has no custom field with key "contact.mp_amount"' },
      ] },
      { status: 'failed', resourceId: '7002', history: [{ outcome: 'failed', startedAt: 1_500, durationMs: 1, error: 'another payment' }] },
    ]);
    const failures = await t.db.listFailedAttempts([first, second]);
    expect(failures.map((f) => [f.eventId, f.attempt, f.outcome, f.finishedAt, f.error])).toEqual([
      [first, 1, 'retry', 1_010, 'GoHighLevel answered 503 for POST /contacts/:id/tags'],
      [second, 2, 'lost', 3_000, null],
      [second, 3, 'failed', 4_020, 'GoHighLevel location loc-test has no custom field with key "contact.mp_amount"'],
    ]);
    expect(await t.db.listFailedAttempts([other])).toEqual([expect.objectContaining({ eventId: other, outcome: 'failed', error: 'another payment' })]);
    expect(await t.db.listFailedAttempts([])).toEqual([]);
  });
});
