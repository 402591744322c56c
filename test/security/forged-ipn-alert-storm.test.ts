import request from 'supertest';
import { createSilentLogger, isUnknownResourceText, loadConfig, PermanentError } from '@ghl-payments/core';
import { createPipelineClients, PipelineClients, processEvent } from '@ghl-payments/pipeline';
import { createApp } from '@ghl-payments/receiver';
import { createFakeMercadoPago, FakeMercadoPago } from '@ghl-payments/sandbox';
import { createTestDatabase, startAlertSink, TestDatabase, waitUntil } from '@ghl-payments/test-support';
import { createFailureAlerter, createWorker } from '@ghl-payments/worker';

// Security review item: fifty forged IPNs (payments MercadoPago does not know) gave fifty failed events and fifty
// alerts. Those failures now end `failed` quietly and are summarised: at most one alert per interval.


describe('a burst of forged IPNs', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  let clients: PipelineClients;
  beforeEach(async () => {
    [t, mp, sink] = await Promise.all([createTestDatabase(), createFakeMercadoPago(), startAlertSink()]);
  });
  afterEach(async () => {
    clients?.close();
    clients = undefined as unknown as PipelineClients;
    await Promise.all([t.destroy(), mp.close(), sink.close()]);
  });

  it('ends failed without an alert each: one alert at once, then one summary per interval', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: mp.accessToken, WORKER_POLL_INTERVAL: '10ms' });
    clients = createPipelineClients(config);
    const app = createApp({ store: t.db, config, logger: createSilentLogger() });
    const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger: createSilentLogger(), now: Date.now, secrets: [mp.accessToken], summaryIntervalMs: 2000 });
    const worker = () => createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent, clients, hooks: { onFailed: (f) => alerter.notify(f.eventId) } });
    const forge = async (from: number, count: number) => {
      for (let n = from; n < from + count; n += 1) {
        const res = await request(app).post(`/webhooks/mp?topic=payment&id=${31337000 + n}`).send({ resource: String(31337000 + n), topic: 'payment' });
        expect(res.body.status).toBe('received');
      }
    };

    await forge(0, 50);
    expect(await worker().runOnce()).toMatchObject({ failed: 50 });
    const failed = await t.db.knex('webhook_events').where({ status: 'failed' }).select('last_error', 'alerted_at');
    expect(failed).toHaveLength(50);
    expect(failed.every((row) => isUnknownResourceText(row.last_error) && Number(row.alerted_at) > 0)).toBe(true);

    // the first failure is alerted at once (with its details); the other 49 wait for the summary
    await waitUntil(() => sink.texts.length >= 1);
    expect(sink.texts[0]).toMatch(/^ghl-payments: event \d+ \(payment 313370\d\d\) failed after 1 attempt: payment 313370\d\d not found: .* MercadoPago does not know it \(likely a forged notification/);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.texts).toHaveLength(1);

    await waitUntil(() => sink.texts.length >= 2, 10_000);
    expect(sink.texts[1]).toMatch(new RegExp(`^ghl-payments: 49 notifications named payments MercadoPago does not know \\(likely forged or from another account\\); last: event \\d+ \\(payment 313370\\d\\d\\)`));

    // another burst in the next interval: again a single summary, and nothing more once it is sent
    await forge(50, 20);
    expect(await worker().runOnce()).toMatchObject({ failed: 20 });
    await waitUntil(() => sink.texts.length >= 3, 10_000);
    expect(sink.texts[2]).toMatch(/^ghl-payments: 20 notifications named payments MercadoPago does not know/);
    await alerter.flush(2000);
    expect(sink.texts).toHaveLength(3);
    expect(sink.texts.join('\n')).not.toContain(mp.accessToken);
  });

  it('still alerts any other permanent failure individually, and sends the summary still due when flushed', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: mp.accessToken, WORKER_POLL_INTERVAL: '10ms' });
    clients = createPipelineClients(config);
    const app = createApp({ store: t.db, config, logger: createSilentLogger() });
    const alerter = createFailureAlerter({ store: t.db, url: sink.url, language: 'en', logger: createSilentLogger(), now: Date.now, secrets: [] });
    mp.fail({ path: '/v1/payments/4242', status: 400, body: { message: 'invalid id', error: 'bad_request', status: 400 }, times: Infinity });
    for (const id of ['4242', '31337001', '31337002', '31337003']) {
      expect((await request(app).post(`/webhooks/mp?topic=payment&id=${id}`).send()).status).toBe(200);
    }
    await createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent, clients, hooks: { onFailed: (f) => alerter.notify(f.eventId) } }).runOnce();
    await waitUntil(() => sink.texts.length >= 2);
    await alerter.flush(2000); // as the process exits: the 2 unknown payments counted since the first alert
    expect(sink.texts).toHaveLength(3);
    expect(sink.texts.filter((text) => /\(payment 4242\) failed after 1 attempt: MercadoPago rejected/.test(text))).toHaveLength(1);
    expect(sink.texts.filter((text) => /MercadoPago does not know it \(likely a forged notification/.test(text))).toHaveLength(1);
    expect(sink.texts.filter((text) => /^ghl-payments: 2 notifications named payments MercadoPago does not know/.test(text))).toHaveLength(1);
  });

  it('marks the 404 as an unknown-resource PermanentError (the error carries the decision)', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: mp.accessToken });
    clients = createPipelineClients(config);
    const error = await clients.mercadopago.getPayment(31337003).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ reason: 'unknown-resource', service: 'mercadopago', message: 'payment 31337003 not found: it may belong to another account or the test environment' });
    mp.fail({ path: '/v1/payments/5', status: 400, times: Infinity });
    expect(await clients.mercadopago.getPayment(5).catch((err: unknown) => err)).toMatchObject({ reason: undefined });
  });
});
