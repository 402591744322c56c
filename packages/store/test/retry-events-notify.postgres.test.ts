import pg from 'pg';
import { EVENTS_NOTIFY_CHANNEL, retryEvent, retryEvents } from '@ghl-payments/store';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { seedEvent } from '../../../test/support/seed-events';
import { waitUntil } from '../../../test/support/wait-until';

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
    await retryEvent(t.db, a, Date.now());
    await waitUntil(() => notifications >= before + 1, 5000);
    await retryEvents(t.db, { statuses: ['failed'] }, { now: Date.now() });
    await waitUntil(() => notifications >= before + 2, 5000);
  });
});
