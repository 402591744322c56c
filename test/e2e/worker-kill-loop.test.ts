import { BIN, CliProcess, createE2eHarness, E2eHarness, seedPaymentEvents, startCli, waitUntil } from '@ghl-payments/test-support';

const EVENTS = 1000;
const FIRST_PAYMENT = 700_000;
/** Kill the worker this long after it is up, drawn uniformly. */
const KILL_AFTER_MS: [number, number] = [300, 700];
/** Stop killing after this many (the last worker then drains what is left). */
const MAX_KILLS = 8;
/** Rescued attempts count as failures: allow plenty, so only a real bug can push an event to failed. */
const RETRY_SCHEDULE = Array(12).fill('100ms').join(',');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`SIGKILL the worker every ${KILL_AFTER_MS.join('–')} ms while it drains ${EVENTS} events`, () => {
  let h: E2eHarness;
  let current: CliProcess | undefined;
  beforeAll(async () => {
    h = await createE2eHarness({
      RETRY_SCHEDULE, WORKER_CONCURRENCY: '16', WORKER_BATCH_SIZE: '16', WORKER_POLL_INTERVAL: '50ms', LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    if (current && current.child.exitCode === null && current.child.signalCode === null) current.child.kill('SIGKILL');
    await h.destroy();
  });

  it('every event ends success and every payment is tagged exactly once: a taken-over action reads GoHighLevel first', async () => {
    const ids = await seedPaymentEvents(h, EVENTS, FIRST_PAYMENT);
    const started = Date.now();
    let kills = 0;
    const doneBeforeKill: number[] = [];
    const successCount = async () => Number((await h.t.db.knex('webhook_events').where('status', 'success').count({ n: '*' }).first())?.n ?? 0);
    while (kills < MAX_KILLS && (await successCount()) < EVENTS) {
      current = startCli(BIN.processWebhooks, ['--loop', '--lease', '1s'], h.env);
      // up = it has finished an event (so every cycle makes progress, even on a loaded machine)
      const before = await successCount();
      await waitUntil(async () => (await successCount()) > before, 30_000, 20);
      await sleep(KILL_AFTER_MS[0] + Math.random() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]));
      current.child.kill('SIGKILL');
      expect((await current.exited).signal).toBe('SIGKILL');
      kills += 1;
      doneBeforeKill.push(await successCount());
    }
    if ((await successCount()) < EVENTS) { // the last worker drains what is left, undisturbed
      current = startCli(BIN.processWebhooks, ['--loop', '--lease', '1s'], h.env);
      try {
        await waitUntil(async () => (await successCount()) === EVENTS, 45_000, 100);
      } finally {
        current.child.kill('SIGTERM');
      }
      expect((await current.exited).code).toBe(0);
    }
    const elapsed = Date.now() - started;

    expect(await h.statuses()).toEqual({ success: EVENTS });
    const rows = await h.t.db.knex('webhook_events').whereIn('id', ids).select('attempts', 'failures');
    const maxFailures = Math.max(...rows.map((r) => Number(r.failures)));
    expect(maxFailures).toBeLessThan(12);

    // GHL saw each payment's tag once
    const tagCalls = h.ghl.tagCalls();
    const perPayment = new Map<string, number>();
    for (const call of tagCalls) {
      const email = h.ghl.getContact(call.contactId)?.email ?? '';
      const payment = /^buyer(\d+)@/.exec(email)?.[1] ?? `unknown:${call.contactId}`;
      perPayment.set(payment, (perPayment.get(payment) ?? 0) + 1);
    }
    expect(perPayment.size).toBe(EVENTS);
    for (let i = 0; i < EVENTS; i += 1) expect(perPayment.get(String(FIRST_PAYMENT + i))).toBeGreaterThanOrEqual(1);
    const duplicates = tagCalls.length - EVENTS;
    const taggedTwice = [...perPayment].filter(([, n]) => n > 1).map(([payment]) => payment);

    // the default rules for an approved payment: add pago-aprobado, remove pago-pendiente; each recorded applied once
    const ledger = await h.t.db.knex('rule_actions').select('kind', 'state').count({ n: '*' }).groupBy('kind', 'state').orderBy('kind') as Array<{ kind: string; state: string; n: number }>;
    expect(ledger.map((r) => [r.kind, r.state, Number(r.n)])).toEqual([['addTags', 'applied', EVENTS], ['removeTags', 'applied', EVENTS]]);
    const foundDone = Number((await h.t.db.knex('rule_actions').where('detail', '{"foundDone":true}').count({ n: '*' }).first())!.n);
    const lost = Number((await h.t.db.knex('webhook_attempts').where('outcome', 'lost').count({ n: '*' }).first())!.n);
    const eventsHit = Number((await h.t.db.knex('webhook_events').where('failures', '>', 0).count({ n: '*' }).first())!.n);
    process.stdout.write(`worker kill loop: ${kills} SIGKILLs (${doneBeforeKill.join(',')} done at each), ${EVENTS} events success in ${elapsed}ms; `
      + `${lost} attempts lost to kills (${eventsHit} events), max failures on one event ${maxFailures}; `
      + `${tagCalls.length} GHL tag calls for ${EVENTS} payments = ${duplicates} duplicate(s) on ${taggedTwice.length} payment(s); `
      + `${foundDone} action(s) found already done in GoHighLevel after a takeover\n`);
    // A kill between GoHighLevel's answer and the commit of `applied` leaves a reservation whose lease expires; the
    // worker that takes it over reads the contact's tags first, so the tag is never sent twice (run-rule-actions.ts).
    expect(taggedTwice).toEqual([]);
    expect(duplicates).toBe(0);
    const removals = new Map<string, number>();
    for (const r of h.ghl.requests.filter((q) => q.method === 'DELETE' && /^\/contacts\/[^/]+\/tags$/.test(q.path))) {
      removals.set(r.path, (removals.get(r.path) ?? 0) + 1);
    }
    expect([...removals].filter(([, n]) => n > 1)).toEqual([]); // pago-pendiente removed at most once per contact
    expect(kills).toBeGreaterThanOrEqual(3);
  }, 150_000); // 20–30 s on an idle 2-core machine; the margin is for a heavily loaded runner
});
