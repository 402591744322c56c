import { TestDatabase, createTestDatabase, seedEvent } from '@ghl-payments/test-support';

describe('getEvent', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it('returns the event with payload, headers and its attempts oldest first', async () => {
    const id = await seedEvent(t.db, {
      status: 'failed', resourceId: '42', payload: '{"data":{"id":"42"}}', headers: { 'x-request-id': 'r-1' },
      history: [
        { outcome: 'retry', startedAt: 1000, durationMs: 40, error: 'MercadoPago 503' },
        { outcome: 'failed', startedAt: 61_000, durationMs: 25, error: 'MercadoPago 404' },
      ],
    });
    const event = await t.db.getEvent(id);
    expect(event).toMatchObject({
      id, status: 'failed', resourceId: '42', mpPaymentId: '42', payload: '{"data":{"id":"42"}}', headers: { 'x-request-id': 'r-1' },
    });
    expect(event!.history).toEqual([
      { attempt: 1, worker: 'host:1:abc', startedAt: 1000, finishedAt: 1040, durationMs: 40, outcome: 'retry', error: 'MercadoPago 503' },
      { attempt: 2, worker: 'host:1:abc', startedAt: 61_000, finishedAt: 61_025, durationMs: 25, outcome: 'failed', error: 'MercadoPago 404' },
    ]);
  });

  it('returns null for an unknown id', async () => {
    expect(await t.db.getEvent(987654)).toBeNull();
  });
});
