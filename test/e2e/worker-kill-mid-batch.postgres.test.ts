import os from 'node:os';
import { BIN, CliProcess, createE2eHarness, E2eHarness, paymentEvent, startCli, waitUntil } from '@ghl-payments/test-support';

// PostgreSQL only (the .postgres.test.ts suffix): worker processes on several "hosts" sharing one server.
const EVENTS = 30;
const IN_FLIGHT = 8;
/** Events a worker claims ahead of its free slots: half its concurrency (at most its batch size). */
const CLAIMED_AHEAD = IN_FLIGHT / 2;
/** Short, so the test is quick, but a few renewals (every third) long: a loaded machine's stalls must not lose it. */
const LEASE = '3s';
const FIRST_PAYMENT = 7_100_000;

describe('a worker process SIGKILLed with a full batch in flight (PostgreSQL)', () => {
  let h: E2eHarness;
  const started: CliProcess[] = [];
  const worker = (): CliProcess => {
    const w = startCli(BIN.processWebhooks, ['--loop', '--lease', LEASE, '--concurrency', String(IN_FLIGHT), '--batch-size', String(IN_FLIGHT)], h.env);
    started.push(w);
    return w;
  };
  const ownerPrefix = (w: CliProcess) => `${os.hostname()}:${w.child.pid}:`;
  // A long HTTP timeout: the hung MercadoPago reads must still be hanging when the worker is killed, however slow
  // the machine is at starting the other workers (with the default 10 s they would time out and be retried).
  beforeEach(async () => { h = await createE2eHarness({ HTTP_TIMEOUT: '2m' }); });
  afterEach(async () => {
    started.forEach((w) => { if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL'); });
    await h.destroy();
  });

  it('keeps its events while it lives, and they finish on the other workers after its lease', async () => {
    const now = Date.now();
    for (let i = 0; i < EVENTS; i += 1) {
      h.mp.setPayment({ id: FIRST_PAYMENT + i, status: 'approved' });
      await h.t.db.insertEvent(paymentEvent(`kill-${i}`, FIRST_PAYMENT + i), now + i); // claimed in this order
    }
    // The first worker's whole batch hangs on MercadoPago: every one of its events is in flight when it dies.
    h.mp.fail({ path: '/v1/payments/:id', hang: true, times: IN_FLIGHT });
    const doomed = worker();
    await waitUntil(() => h.mp.requests.length >= IN_FLIGHT, 30_000);
    // its running events, plus the ones it claimed ahead (leased too, waiting for a slot)
    await waitUntil(async () => Number((await h.t.db.knex('webhook_events').where('status', 'processing').count({ n: '*' }).first())!.n) === IN_FLIGHT + CLAIMED_AHEAD, 10_000);
    const held = await h.t.db.knex('webhook_events').where('status', 'processing').orderBy('id');
    expect(held).toHaveLength(IN_FLIGHT + CLAIMED_AHEAD);
    held.forEach((e) => expect(e.lease_owner.startsWith(ownerPrefix(doomed))).toBe(true));
    const heldIds = held.map((e) => Number(e.id));

    // Two more workers take the rest, but not the held events: their lease is renewed while the holder lives.
    const others = [worker(), worker()];
    await waitUntil(async () => (await h.statuses()).success >= EVENTS - held.length, 60_000);
    await new Promise((r) => setTimeout(r, 4000)); // past one lease
    const stillHeld = await h.t.db.knex('webhook_events').whereIn('id', heldIds).select('status', 'lease_owner', 'attempts');
    stillHeld.forEach((e) => expect(e).toMatchObject({ status: 'processing', lease_owner: held[0].lease_owner, attempts: 1 }));

    doomed.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await doomed.exited).signal).toBe('SIGKILL');

    await waitUntil(async () => (await h.statuses()).success === EVENTS, 30_000);
    // the history row is written right after the outcome: wait for the last ones too
    await waitUntil(async () => Number((await h.t.db.knex('webhook_attempts').where('outcome', 'success').count({ n: '*' }).first())!.n) === EVENTS, 5000);
    console.log(`kill-mid-batch: ${held.length} orphaned events finished ${Date.now() - killedAt}ms after the SIGKILL (lease ${LEASE})`);
    for (const id of heldIds) {
      const event = await h.t.db.knex('webhook_events').where({ id }).first();
      expect(event).toMatchObject({ status: 'success', attempts: 2, failures: 1 });
      expect(others.some((w) => event.lease_owner.startsWith(ownerPrefix(w)))).toBe(true);
      const history = await h.t.db.knex('webhook_attempts').where('event_id', id).orderBy('attempt');
      expect(history.map((r) => [r.attempt, r.outcome])).toEqual([[1, 'lost'], [2, 'success']]);
      expect(history[0].worker).toBe(held[0].lease_owner);
      expect(Number(history[1].started_at)).toBeGreaterThanOrEqual(Number(history[0].finished_at));
    }
    const rest = await h.t.db.knex('webhook_events').whereNotIn('id', heldIds).select('attempts');
    rest.forEach((e) => expect(e.attempts).toBe(1));
    // every payment tagged once: the dead worker never reached GoHighLevel
    expect(new Set(h.ghl.tagCalls().map((c) => c.contactId)).size).toBe(EVENTS);
    expect(h.ghl.tagCalls()).toHaveLength(EVENTS);

    others.forEach((w) => w.child.kill('SIGTERM'));
    expect((await Promise.all(others.map((w) => w.exited))).map((r) => r.code)).toEqual([0, 0]);
  });
});
