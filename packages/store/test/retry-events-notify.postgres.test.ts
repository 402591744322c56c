import pg from 'pg';
import { EVENTS_NOTIFY_CHANNEL } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase, seedEvent, waitUntil } from '@ghl-payments/test-support';

describe('operator retries wake LISTENing workers (PostgreSQL)', () => {
  let t: TestDatabase;
  let listener: pg.Client;
  let notifications = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    listener = new pg.Client({ connectionString: t.url });
    await listener.connect();
    listener.on('notification', (n) => { if (n.channel === EVENTS_NOTIFY_CHANNEL) notifications += 1; });
    await listener.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await t.destroy();
  });

  it('NOTIFYs on a single and a bulk retry', async () => {
    const a = await seedEvent(t.db, { status: 'failed' });
    await seedEvent(t.db, { status: 'failed' });
    await waitUntil(() => notifications >= 2); // the insert trigger fired for the seeds
    const before = notifications;
    await t.db.retryEvent(a, Date.now());
    await waitUntil(() => notifications >= before + 1, 5000);
    await t.db.retryEvents({ statuses: ['failed'] }, { now: Date.now() });
    await waitUntil(() => notifications >= before + 2, 5000);
  });
});
