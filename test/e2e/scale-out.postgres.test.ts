import type { Store } from '@ghl-payments/store';
import { BIN, CliProcess, createE2eHarness, E2eHarness, insertSeedEvents, paymentEventSeed, SeedEvent, startCli, waitUntil } from '@ghl-payments/test-support';

// PostgreSQL only (the .postgres.test.ts suffix): several worker processes claiming with FOR UPDATE SKIP LOCKED.
const EVENTS = 5000;
/** Second notifications about an already-notified payment: the tag ledger, not luck, decides who tags it. */
const REPEATS = 500;
const PAYMENTS = EVENTS - REPEATS;
const WORKERS = 4;
const FIRST_PAYMENT = 5_000_000;

interface AttemptRow { event_id: number; attempt: number; worker: string; started_at: number; finished_at: number; outcome: string }

describe(`${WORKERS} worker processes on one PostgreSQL database`, () => {
  let h: E2eHarness;
  let workers: CliProcess[] = [];
  beforeAll(async () => {
    // A long lease: on a badly overloaded machine a 30 s stall would (correctly) hand an event to another worker,
    // which this test would then report as a second claim.
    h = await createE2eHarness({
      WORKER_CONCURRENCY: '16', WORKER_BATCH_SIZE: '16', WORKER_POLL_INTERVAL: '1s', WORKER_LEASE: '2m', DB_POOL_MAX: '6', LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    workers.forEach((w) => { if (w.child.exitCode === null) w.child.kill('SIGKILL'); });
    await h.destroy();
  });

  it(`drain ${EVENTS} events: each ends success, each payment is tagged once, no event is held by two workers`, async () => {
    for (let p = 0; p < PAYMENTS; p += 1) h.mp.setPayment({ id: FIRST_PAYMENT + p, status: 'approved' });

    workers = Array.from({ length: WORKERS }, () => startCli(BIN.processWebhooks, ['--loop'], h.env));
    await waitUntil(async () => (await listeners(h.t.db)) === WORKERS, 30_000, 100); // every worker is up and LISTENs

    // One transaction: all events become visible (and NOTIFY fires) at the commit, with the workers idle.
    const now = Date.now();
    const insertStarted = Date.now();
    const seeds: SeedEvent[] = [];
    for (let p = 0; p < PAYMENTS; p += 1) {
      seeds.push(paymentEventSeed(`n${p}`, FIRST_PAYMENT + p, now));
      if (p < REPEATS) seeds.push(paymentEventSeed(`n${p}-again`, FIRST_PAYMENT + p, now));
    }
    await h.t.db.knex.transaction((trx) => insertSeedEvents(trx, seeds));
    const committed = Date.now();
    await waitUntil(async () => (await h.statuses()).success === EVENTS, 240_000, 100);
    const drainedMs = Date.now() - committed;
    const rate = Math.round((EVENTS / drainedMs) * 1000);
    console.log(`scale-out: inserted ${EVENTS} events in ${committed - insertStarted}ms; ${WORKERS} workers drained them in ${drainedMs}ms = ${rate} events/s`);

    workers.forEach((w) => w.child.kill('SIGTERM'));
    const results = await Promise.all(workers.map((w) => w.exited));
    expect(results.map((r) => r.code)).toEqual(Array(WORKERS).fill(0));
    const successes = results.map((r) => Number(/success=(\d+)/.exec(r.stdout)?.[1]));
    console.log(`scale-out: events per worker ${successes.join(', ')}`);
    expect(successes.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    successes.forEach((n) => expect(n).toBeGreaterThan(0));

    expect(await h.statuses()).toEqual({ success: EVENTS });

    // Exactly one tag call per payment: distinct contacts (one per payer), and the ledger agrees.
    const tagCalls = h.ghl.tagCalls();
    expect(tagCalls).toHaveLength(PAYMENTS);
    expect(new Set(tagCalls.map((c) => c.contactId)).size).toBe(PAYMENTS);
    const contactOfPayment = new Map((await h.t.db.knex('payments').select('mp_payment_id', 'ghl_contact_id'))
      .map((r) => [String(r.mp_payment_id), String(r.ghl_contact_id)]));
    expect(contactOfPayment.size).toBe(PAYMENTS);
    expect(new Set(tagCalls.map((c) => c.contactId))).toEqual(new Set(contactOfPayment.values()));
    const ledger = await h.t.db.knex('rule_actions').select('kind', 'state').count({ n: '*' }).groupBy('kind', 'state').orderBy('kind') as Array<{ kind: string; state: string; n: number | string }>;
    expect(ledger.map((r) => [r.kind, r.state, Number(r.n)])).toEqual([['addTags', 'applied', PAYMENTS], ['removeTags', 'applied', PAYMENTS]]);

    // No event was ever held by two workers: every claim (attempts) left exactly one history row, numbered 1..n,
    // whose held intervals follow one another; nothing was lost to an expired lease.
    const events = await h.t.db.knex('webhook_events').select('id', 'attempts', 'resource_id', 'lease_owner');
    const history = await h.t.db.knex('webhook_attempts').orderBy(['event_id', 'attempt']) as AttemptRow[];
    const byEvent = new Map<number, AttemptRow[]>();
    for (const row of history) byEvent.set(Number(row.event_id), [...(byEvent.get(Number(row.event_id)) ?? []), row]);
    const mpReads = new Map<string, number>();
    for (const r of h.mp.requests) if (r.path.startsWith('/v1/payments/')) mpReads.set(r.path, (mpReads.get(r.path) ?? 0) + 1);
    const attemptsOfPayment = new Map<string, number>();
    const problems: string[] = [];
    for (const e of events) {
      const rows = byEvent.get(Number(e.id)) ?? [];
      attemptsOfPayment.set(e.resource_id, (attemptsOfPayment.get(e.resource_id) ?? 0) + Number(e.attempts));
      if (rows.map((r) => Number(r.attempt)).join() !== Array.from({ length: Number(e.attempts) }, (_, i) => i + 1).join()) {
        problems.push(`event ${e.id}: attempts=${e.attempts} but history ${rows.map((r) => r.attempt).join()}`);
      }
      rows.forEach((r, i) => {
        const last = i === rows.length - 1;
        if (r.outcome !== (last ? 'success' : 'deferred')) problems.push(`event ${e.id} attempt ${r.attempt}: ${r.outcome}`);
        if (i > 0 && Number(rows[i - 1].finished_at) > Number(r.started_at)) problems.push(`event ${e.id}: attempts ${i} and ${i + 1} overlap`);
      });
      if (rows.length > 0 && rows[rows.length - 1].worker !== e.lease_owner) problems.push(`event ${e.id}: finished by ${rows[rows.length - 1].worker}, leased to ${e.lease_owner}`);
      const repeated = Number(e.resource_id) - FIRST_PAYMENT < REPEATS;
      if (!repeated && Number(e.attempts) !== 1) problems.push(`event ${e.id} (payment seen once) claimed ${e.attempts} times`);
    }
    for (const [paymentId, attempts] of attemptsOfPayment) {
      if ((mpReads.get(`/v1/payments/${paymentId}`) ?? 0) !== attempts) problems.push(`payment ${paymentId}: ${mpReads.get(`/v1/payments/${paymentId}`)} reads for ${attempts} attempts`);
    }
    expect(problems).toEqual([]);
    expect(history.length).toBeGreaterThanOrEqual(EVENTS);
    expect(new Set(history.map((r) => r.worker)).size).toBe(WORKERS);
    const deferred = history.filter((r) => r.outcome === 'deferred').length;
    console.log(`scale-out: ${history.length} attempts, ${deferred} deferred (a repeat waiting for its twin's tag call)`);
  }, 300_000);
});

/** How many connections LISTEN on this database (one per running --loop worker). */
async function listeners(db: Store): Promise<number> {
  const row = await db.knex('pg_stat_activity').where('datname', db.knex.raw('current_database()')).andWhere('query', 'like', 'LISTEN%')
    .count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
