import { isConnectionError, migrateWhenReachable, openStore } from '@ghl-payments/store';
import { findFreePort } from '@ghl-payments/test-support';

describe('migrateWhenReachable (what process-webhooks --loop does at start)', () => {
  it('waits with backoff while the server refuses connections, instead of failing', async () => {
    const port = await findFreePort(); // nothing listens there
    const db = openStore({ client: 'postgres', connectionString: `postgres://postgres@127.0.0.1:${port}/x`, poolMax: 1, connectTimeoutMs: 500 });
    const waits: number[] = [];
    const errors: string[] = [];
    const stop = new Error('enough');
    try {
      await expect(migrateWhenReachable(db, {
        maxDelayMs: 2000,
        onRetry: (err, delayMs) => { errors.push(err.message); waits.push(delayMs); },
        sleep: async () => { if (waits.length === 4) throw stop; },
      })).rejects.toBe(stop);
    } finally {
      await db.close();
    }
    expect(waits).toEqual([500, 1000, 2000, 2000]);
    errors.forEach((message) => expect(message).toMatch(/ECONNREFUSED/));
  });

  it('tells connection trouble from other errors, which are not waited for', () => {
    expect(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('syntax error at or near "TABLE"'), { code: '42601' }))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }))).toBe(false);
  });
});
