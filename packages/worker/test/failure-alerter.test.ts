import { createSilentLogger, isUnknownResourceText, loadConfig, Logger, PermanentError, unknownResourceMessage } from '@ghl-payments/core';
import { createPipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import type { NewEvent } from '@ghl-payments/store';
import { createFailureAlerter, createWorker, formatFailureAlert, formatUnknownResourceSummary } from '@ghl-payments/worker';
import { createTestDatabase, startAlertSink, TestDatabase } from '@ghl-payments/test-support';

const SECRET = 'APP_USR-secret-token-4242';


function capturingLogger() {
  const lines: Array<{ level: string; message: string; meta: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, meta: Record<string, unknown> = {}) => { lines.push({ level, message, meta }); };
  const logger = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), log: (level: string, message: string, meta: Record<string, unknown>) => at(level)(message, meta) };
  return { logger: logger as unknown as Logger, lines };
}

const event = (n: number): NewEvent => ({
  dedupKey: `webhook:payment:${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
  resourceId: String(7000 + n), notificationId: String(n), requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
});
const config = loadConfig({ WORKER_POLL_INTERVAL: '10ms' }); // four attempts (1m,5m,15m)
const clients = createPipelineClients(config);
afterAll(() => clients.close());
const waitFor = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('failure alerts', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('posts one Slack-compatible summary per failed event, without secrets, even when several workers see it', async () => {
    const sink = await startAlertSink();
    try {
      const { id } = await t.db.insertEvent(event(1), Date.now());
      await t.db.insertEvent(event(2), Date.now());
      const failing: ProcessEvent = async (e) => {
        if (e.resourceId === '7001') throw new PermanentError(`MercadoPago refused token ${SECRET}: payment 7001 not found`);
        return { status: 'success', paymentId: null, summary: '' };
      };
      const { logger, lines } = capturingLogger();
      const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger, now: Date.now, secrets: [SECRET] });
      const worker = createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent: failing, clients, hooks: { onFailed: (f) => alerter.notify(f.eventId) } });
      expect(await worker.runOnce()).toMatchObject({ failed: 1, success: 1 });
      await alerter.flush(2000);
      expect(sink.bodies).toHaveLength(1);
      expect(Object.keys(sink.bodies[0])).toEqual(['text']);
      expect(sink.bodies[0].text).toMatch(new RegExp(`event ${id} \\(payment 7001\\) failed after 1 attempt: .*not found`));
      expect(sink.bodies[0].text).toContain(`ghl-payments events retry ${id}`);
      expect(sink.bodies[0].text).not.toContain(SECRET);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'info', message: 'failure alert sent' }));

      // the same failure seen again, by this worker or another one: no second alert
      const other = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger, now: Date.now, secrets: [SECRET] });
      alerter.notify(id);
      other.notify(id);
      await Promise.all([alerter.flush(2000), other.flush(2000)]);
      expect(sink.bodies).toHaveLength(1);
      expect(Number((await t.db.knex('webhook_events').where({ id }).first()).alerted_at)).toBeGreaterThan(0);
    } finally {
      await sink.close();
    }
  });

  it('never blocks the worker: an alert endpoint that hangs times out and is logged', async () => {
    const sink = await startAlertSink(() => undefined); // never answers
    try {
      await t.db.insertEvent(event(3), Date.now());
      const { logger, lines } = capturingLogger();
      const results: string[] = [];
      const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger, now: Date.now, secrets: [], timeoutMs: 300, onResult: (r) => results.push(r) });
      const poison: ProcessEvent = async () => { throw new PermanentError('malformed response from MercadoPago'); };
      const started = Date.now();
      await createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent: poison, clients, hooks: { onFailed: (f) => alerter.notify(f.eventId) } }).runOnce();
      expect(Date.now() - started).toBeLessThan(250); // the worker finished before the alert gave up
      await waitFor(() => sink.bodies.length === 1);
      await alerter.flush(2000);
      expect(results).toEqual(['error']);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/could not send the failure alert/), meta: expect.objectContaining({ error: 'no answer within 300ms' }) }));
    } finally {
      await sink.close();
    }
  });

  it('logs an error answer or an unreachable endpoint and carries on', async () => {
    const sink = await startAlertSink((res) => { res.statusCode = 500; res.end('boom'); });
    await t.db.insertEvent(event(4), Date.now());
    await t.db.insertEvent(event(5), Date.now());
    await t.db.knex('webhook_events').update({ status: 'failed', last_error: 'x' });
    const [a, b] = (await t.db.knex('webhook_events').orderBy('id').pluck('id')).map(Number);
    const { logger, lines } = capturingLogger();
    const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger, now: Date.now, secrets: [] });
    alerter.notify(a);
    await alerter.flush(2000);
    await sink.close();
    const offline = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger, now: Date.now, secrets: [] });
    offline.notify(b);
    await offline.flush(2000);
    const warnings = lines.filter((l) => l.level === 'warn').map((l) => l.meta.error);
    expect(warnings).toEqual(['the alert webhook answered HTTP 500', expect.stringMatching(/fetch failed/)]);
  });

  it('alerts an event that ends failed because its worker kept dying (lease expired)', async () => {
    const sink = await startAlertSink();
    try {
      const { id } = await t.db.insertEvent(event(6), Date.now());
      await t.db.knex('webhook_events').where({ id }).update({ status: 'processing', attempts: 4, failures: 3, lease_owner: 'dead:1:x', lease_expires_at: Date.now() - 1 });
      const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger: createSilentLogger(), now: Date.now, secrets: [] });
      const failed: Array<{ eventId: number; reason: string }> = [];
      const never: ProcessEvent = async () => { throw new Error('not claimed'); };
      await createWorker({
        store: t.db, config, logger: createSilentLogger(), processEvent: never, clients,
        hooks: { onFailed: (f) => { failed.push({ eventId: f.eventId, reason: f.reason }); alerter.notify(f.eventId); } },
      }).runOnce();
      await alerter.flush(2000);
      expect(failed).toEqual([{ eventId: id, reason: expect.stringMatching(/lease expired/) }]);
      expect(sink.bodies).toEqual([{ text: expect.stringMatching(new RegExp(`event ${id} .*failed after 4 attempts: worker dead:1:x stopped holding this event`)) }]);
    } finally {
      await sink.close();
    }
  });

  it('formats a short, redacted summary', () => {
    const text = formatFailureAlert({
      id: 9, topic: 'merchant_order', resourceId: '123', attempts: 4, lastError: `${'x'.repeat(600)} Bearer abc.def`, receivedAt: 0, paymentId: null,
    }, []);
    expect(text).toMatch(/^ghl-payments: event 9 \(merchant_order 123\) failed after 4 attempts: x+…/);
    expect(text.length).toBeLessThan(800);
    expect(formatFailureAlert({ id: 1, topic: 'payment', resourceId: '1', attempts: 1, lastError: 'token is Bearer abc.def', receivedAt: 0, paymentId: null }, []))
      .toContain('Bearer [REDACTED]');
  });

  it('recognises only the exact unknown-resource text', () => {
    expect(isUnknownResourceText(unknownResourceMessage('payment', 31337003))).toBe(true);
    expect(isUnknownResourceText(unknownResourceMessage('merchant order', 'abc_1'))).toBe(true);
    expect(isUnknownResourceText(`MercadoPago refused token ${SECRET}: payment 7001 not found`)).toBe(false);
    expect(isUnknownResourceText(`order 5: ${unknownResourceMessage('payment', 1)}; payment 2: timeout`)).toBe(false);
    expect(isUnknownResourceText(`${unknownResourceMessage('payment', 1)} (gave up after 4 failed attempts)`)).toBe(false);
    expect(isUnknownResourceText(null)).toBe(false);
  });

  it('formats a summary: one failure with its details, several as a count with the last one', () => {
    const last = { id: 12, topic: 'payment', resourceId: '31337003', attempts: 1, lastError: unknownResourceMessage('payment', 31337003), receivedAt: 0, paymentId: null };
    expect(formatUnknownResourceSummary({ count: 1, topics: new Set(['payment']), last }, []))
      .toMatch(/^ghl-payments: event 12 \(payment 31337003\) failed after 1 attempt: payment 31337003 not found: .* MercadoPago does not know it/);
    expect(formatUnknownResourceSummary({ count: 50, topics: new Set(['payment', 'merchant_order']), last }, []))
      .toBe('ghl-payments: 50 notifications named payments or merchant orders MercadoPago does not know (likely forged or from another account);'
        + ' last: event 12 (payment 31337003), received 1970-01-01T00:00:00.000Z. They ended failed without individual alerts; see the failed events in the dashboard (/admin).');
  });
});

describe('failure alerts for resources MercadoPago does not know', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  /** Stores `n` events already failed on an unknown payment (as the worker leaves them). */
  const failUnknown = async (from: number, n: number): Promise<number[]> => {
    const ids: number[] = [];
    for (let i = from; i < from + n; i += 1) {
      const { id } = await t.db.insertEvent(event(100 + i), Date.now());
      await t.db.knex('webhook_events').where({ id }).update({ status: 'failed', attempts: 1, last_error: unknownResourceMessage('payment', 7100 + i) });
      ids.push(id);
    }
    return ids;
  };

  it('claims each one, alerts the first at once and summarises the others once the interval has passed', async () => {
    const sink = await startAlertSink();
    let clock = 1_000_000;
    try {
      const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger: createSilentLogger(), now: () => clock, secrets: [], summaryIntervalMs: 60_000 });
      const [first, ...rest] = await failUnknown(0, 5);
      alerter.notify(first);
      await waitFor(() => sink.bodies.length === 1);
      for (const id of rest) alerter.notify(id);
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.bodies).toHaveLength(1); // within the interval: counted, not sent
      const alerted = await t.db.knex('webhook_events').whereNotNull('alerted_at').count({ n: '*' }).first();
      expect(Number(alerted?.n)).toBe(5);

      clock += 60_000; // the interval has passed: the next failure sends the summary of everything counted
      const [late] = await failUnknown(10, 1);
      alerter.notify(late);
      await waitFor(() => sink.bodies.length === 2);
      expect(sink.bodies[1].text).toMatch(new RegExp(`^ghl-payments: 5 notifications named payments MercadoPago does not know .*; last: event ${late} \\(payment 7110\\)`));
      await alerter.flush(2000);
      expect(sink.bodies).toHaveLength(2); // nothing left to summarise
    } finally {
      await sink.close();
    }
  });
});
