import request from 'supertest';
import { seedEvent } from '@ghl-payments/test-support';
import { BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 30);

describe('GET /api/stats', () => {
  let f: OperatorFixture;
  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: NOW });
    await seedEvent(f.t.db, { status: 'pending', receivedAt: NOW - 90_000 });
    await seedEvent(f.t.db, { status: 'failed', receivedAt: NOW - 30_000, processedAt: NOW - 20_000, history: [{ outcome: 'failed', startedAt: NOW - 25_000 }] });
    await seedEvent(f.t.db, { status: 'success', topic: 'merchant_order', receivedAt: NOW - 7200_000, processedAt: NOW - 7200_000 });
  });
  afterAll(async () => { await f.t.destroy(); });

  it('answers counts, backlog age, windows and a 60-minute series', async () => {
    const res = await request(f.app).get('/api/stats').set('Authorization', BEARER);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      generated_at: new Date(NOW).toISOString(),
      by_status: { pending: 1, processing: 0, success: 1, failed: 1, ignored: 0 },
      by_type: { payment: 2, merchant_order: 1 },
      backlog: 1,
      due_now: 1,
      oldest_pending_age_seconds: 90,
      last_hour: { received: 2, succeeded: 0, failed: 1 },
      last_day: { received: 3, succeeded: 1, failed: 1 },
    });
    expect(res.body.per_minute).toHaveLength(60);
    expect(res.body.per_minute[59]).toMatchObject({ minute: '2026-11-30T12:00:00.000Z', received: 1, failed: 1 });
    expect(res.body.per_minute[58]).toMatchObject({ minute: '2026-11-30T11:59:00.000Z', received: 1 });
  });

  it('takes no parameters', async () => {
    const res = await request(f.app).get('/api/stats?window=2h').set('Authorization', BEARER);
    expect(res.status).toBe(400);
    expect(res.body.parameter).toBe('window');
  });
});
