import { BIN, CliProcess, createE2eHarness, E2eHarness, seedPaymentEvents, startCli, TEST_DIALECT, waitUntil } from '@ghl-payments/test-support';

const EVENTS = 150;
const WORKERS = 4;
/**
 * GoHighLevel's 100 / 10 s with half the window, so the drain takes seconds, not minutes. The window the workers
 * enforce is then 5 s + 250 ms (sharedBudgetMarginMs): at most 95.2 % of the budget is usable, and 250 ms absorbs the
 * event-loop stalls of 4 SQLite workers on a loaded machine (a smaller window, with a smaller margin, does not).
 */
const LIMIT = { requests: 100, perMs: 5000 };

/**
 * The share of the budget the calls used: `requests` calls may be made per `windowMs`, so at full use the call
 * `requests` places after another comes exactly one window after it (never sooner, or the window held one call too
 * many). Budget used = windowMs / the mean time from each call to the one `requests` places later, over every such
 * pair: calls per window as a share of the limit, whatever the phase of the bursts (null with too few calls).
 */
function budgetUsed(times: readonly number[], windowMs: number, requests: number): number | null {
  const sorted = [...times].sort((a, b) => a - b);
  const pairs = sorted.length - requests;
  if (pairs < 1) return null;
  let total = 0;
  for (let i = 0; i < pairs; i += 1) total += sorted[i + requests] - sorted[i];
  return windowMs / (total / pairs);
}

/** Most calls in any window of `windowMs` (what GoHighLevel would have counted). */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end] - sorted[start] >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe(`${WORKERS} worker processes share one GoHighLevel budget through the database (${TEST_DIALECT})`, () => {
  let h: E2eHarness;
  let workers: CliProcess[] = [];
  beforeAll(async () => {
    h = await createE2eHarness({
      GHL_RATE_LIMIT: `${LIMIT.requests}/${LIMIT.perMs / 1000}s`, WORKER_CONCURRENCY: '8', WORKER_BATCH_SIZE: '8', LOG_LEVEL: 'warn',
    });
    h.ghl.setRateLimit(LIMIT); // the fake answers 429 beyond it, counting calls as they arrive
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await h.destroy();
  });

  it(`drain ${EVENTS} events with no 429 while using at least 90 % of the budget`, async () => {
    await seedPaymentEvents(h, EVENTS, 880_000);
    workers = Array.from({ length: WORKERS }, () => startCli(BIN.processWebhooks, ['--loop'], h.env));
    try {
      await waitUntil(async () => (await h.statuses()).success === EVENTS, 150_000, 200);
    } finally {
      workers.forEach((w) => w.child.kill('SIGTERM'));
    }
    const results = await Promise.all(workers.map((w) => w.exitedWithin(45_000)));
    expect(results.map((r) => r.code)).toEqual(Array(WORKERS).fill(0));
    const processed = results.map((r) => Number(/processed=(\d+)/.exec(r.stdout)?.[1] ?? 0));
    expect(processed.filter((n) => n > 0).length).toBeGreaterThan(1); // the budget really was shared by several workers

    expect(await h.statuses()).toEqual({ success: EVENTS });
    const times = h.ghl.requests.map((r) => r.at);
    const used = budgetUsed(times, LIMIT.perMs, LIMIT.requests) ?? 0;
    const busiest = busiestWindow(times, LIMIT.perMs);
    const deferred = await h.t.db.knex('webhook_attempts').where('outcome', 'deferred').count({ n: '*' }).first() as { n: number | string };
    process.stdout.write(`shared GHL budget (${TEST_DIALECT}): ${times.length} calls in ${((Math.max(...times) - Math.min(...times)) / 1000).toFixed(1)} s, `
      + `budget used ${(used * 100).toFixed(1)} %, busiest ${LIMIT.perMs} ms window ${busiest}, ${h.ghl.rateLimited()} × 429, `
      + `${Number(deferred.n)} deferred attempts, events per worker ${processed.join('/')}\n`);
    expect(h.ghl.rateLimited()).toBe(0);
    expect(busiest).toBeLessThanOrEqual(LIMIT.requests);
    expect(used).toBeGreaterThanOrEqual(0.9);
  }, 200_000);
});
