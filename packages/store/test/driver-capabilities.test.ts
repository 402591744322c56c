import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EVENTS_NOTIFY_CHANNEL } from '@ghl-payments/store';
import { createTestDatabase, paymentEvent, TEST_DIALECT, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// What the two drivers do differently (packages/store/src/drivers/driver.ts lists it).
describe(`driver capabilities (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  if (TEST_DIALECT === 'postgres') {
    it('listenForEvents wakes on every stored event and on retries', async () => {
      let notified = 0;
      const errors: Error[] = [];
      const listener = t.db.listenForEvents({ onNotify: () => { notified += 1; }, onError: (e) => errors.push(e) })!;
      try {
        await waitUntil(() => notified >= 1, 5000); // the subscription announces itself once connected
        const before = notified;
        await t.db.insertEvent(paymentEvent('l1', 1), 0);
        await waitUntil(() => notified > before, 5000);
        expect(errors).toEqual([]);
      } finally {
        await listener.close();
      }
    });

    it('the channel the insert trigger notifies is the one the store listens on', async () => {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      let seen = 0;
      client.on('notification', (n) => { if (n.channel === EVENTS_NOTIFY_CHANNEL) seen += 1; });
      await client.query(`LISTEN ${EVENTS_NOTIFY_CHANNEL}`);
      try {
        await t.db.insertEvent(paymentEvent('l2', 2), 0);
        await waitUntil(() => seen === 1, 5000);
      } finally {
        await client.end();
      }
    });

    it('backupTo refuses with the way to back PostgreSQL up', async () => {
      await expect(t.db.backupTo('/tmp/never')).rejects.toThrow(/pg_dump/);
    });
  } else {
    it('listenForEvents wakes on every stored event (not on a redelivery) and on retries, through a local datagram', async () => {
      let notified = 0;
      const errors: Error[] = [];
      const listener = t.db.listenForEvents({ onNotify: () => { notified += 1; }, onError: (e) => errors.push(e) })!;
      try {
        await waitUntil(() => notified >= 1, 5000); // the port is announced next to the database file
        const before = notified;
        const { id } = await t.db.insertEvent(paymentEvent('w1', 1), 0);
        await waitUntil(() => notified > before, 5000);
        await new Promise((r) => setTimeout(r, 1100)); // past the waker's cached list of ports
        const afterInsert = notified;
        expect((await t.db.insertEvent(paymentEvent('w1', 1), 0)).duplicate).toBe(true);
        await new Promise((r) => setTimeout(r, 200));
        expect(notified).toBe(afterInsert);
        await t.db.knex('webhook_events').where({ id }).update({ status: 'failed' });
        expect((await t.db.retryEvent(id, 1)).state).toBe('retried');
        await waitUntil(() => notified > afterInsert, 5000);
        expect(errors).toEqual([]);
      } finally {
        await listener.close();
      }
    });

    it('backupTo makes a consistent, checked copy while the database is in use', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-backup-'));
      try {
        await t.db.insertEvent(paymentEvent('b1', 1), 0);
        const writes = Promise.all(Array.from({ length: 50 }, (_, i) => t.db.insertEvent(paymentEvent(`b${i + 2}`, i + 2), 0)));
        const summary = await t.db.backupTo(path.join(dir, 'copy.sqlite3'));
        await writes;
        expect(summary.events).toBeGreaterThanOrEqual(1);
        expect(summary.bytes).toBeGreaterThan(0);
        expect(fs.existsSync(path.join(dir, 'copy.sqlite3.partial'))).toBe(false);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('a unique violation is told apart from other errors by its code', async () => {
    await t.db.registerExpectedPayment({ externalReference: 'dup', ghlContactId: 'c' }, 0);
    const error = await t.db.knex('payments').insert({ mp_payment_id: '1', created_at: 0, updated_at: 0 })
      .then(() => t.db.knex('payments').insert({ mp_payment_id: '1', created_at: 0, updated_at: 0 }))
      .then(() => null, (e: { code?: string }) => e);
    expect(error?.code).toBe(TEST_DIALECT === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_UNIQUE');
  });
});
