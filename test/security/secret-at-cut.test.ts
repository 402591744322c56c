import fc from 'fast-check';
import { Config, createSilentLogger, loadConfig, redactAndTruncate } from '@ghl-payments/core';
import { createPipelineClients, describeErrorBody, processEvent } from '@ghl-payments/pipeline';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import type { FailedEventSummary } from '@ghl-payments/store';
import { createWorker, formatFailureAlert } from '@ghl-payments/worker';
import { createTestDatabase, paymentEvent, TestDatabase } from '@ghl-payments/test-support';

// Security review item: an upstream error text was cut (to 300 characters, then to the 2000 the column keeps) BEFORE
// the secrets were redacted, so a token echoed across the cut kept its beginning everywhere the text went.

const GHL_TOKEN = 'pit-REDTEAM-GHLTOKEN-2222222222222222';
const MP_TOKEN = 'APP_USR-REDTEAM-MPTOKEN-1111111111111111';
// Filler from characters that cannot start either token: any 4-character prefix found must come from the token.
const FILLER = 'xyz .,:';

/** The first place a prefix of `token` of length ≥ 4 shows in `text`, or null. */
function leakedPrefix(text: string, token: string): string | null {
  return text.includes(token.slice(0, 4)) ? token.slice(0, 4) : null;
}

const filler = (length: number, seed = 0): string => Array.from({ length }, (_, i) => FILLER[(i + seed) % FILLER.length]).join('');

describe('a secret at any position relative to a cut never leaves a prefix behind', () => {
  it('redactAndTruncate: any text, any secret position, any length limit', () => {
    fc.assert(fc.property(
      fc.nat({ max: 2100 }), fc.nat({ max: 200 }), fc.integer({ min: 8, max: 2100 }), fc.nat({ max: 6 }),
      (before, after, max, seed) => {
        const text = `${filler(before, seed)}${GHL_TOKEN}${filler(after, seed + 1)}`;
        const out = redactAndTruncate(text, [GHL_TOKEN], max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(leakedPrefix(out, GHL_TOKEN)).toBeNull();
      },
    ), { numRuns: 500 });
  });

  it('describeErrorBody: the token at every offset around the 300-character cut', () => {
    for (let before = 0; before <= 320; before += 1) {
      const out = describeErrorBody({ message: `${filler(before)}${GHL_TOKEN}${filler(50)}` }, [GHL_TOKEN]);
      expect({ before, leaked: leakedPrefix(out, GHL_TOKEN) }).toEqual({ before, leaked: null });
    }
  });

  describe('through the real pipeline, worker and database', () => {
    let t: TestDatabase;
    let mp: FakeMercadoPago;
    let ghl: FakeGhl;
    let config: Config;
    beforeEach(async () => {
      t = await createTestDatabase();
      mp = await createFakeMercadoPago({ accessToken: MP_TOKEN });
      ghl = await createFakeGhl({ token: GHL_TOKEN });
      config = loadConfig({
        DATABASE_URL: t.url, MP_API_URL: mp.url, MP_ACCESS_TOKEN: MP_TOKEN, GHL_API_URL: ghl.url, GHL_API_TOKEN: GHL_TOKEN,
        GHL_LOCATION_ID: 'loc-test', GHL_RATE_LIMIT: 'off', RETRY_SCHEDULE: '200ms', WORKER_CONCURRENCY: '1', CIRCUIT_BREAKER_THRESHOLD: 'off',
      });
    });
    afterEach(async () => {
      await Promise.all([mp.close(), ghl.close()]);
      await t.destroy();
    });

    /** Everything an operator can see about the stored events: the event, its history, the alert text. */
    async function visibleTexts(): Promise<string[]> {
      const texts: string[] = [];
      const events = await t.db.knex('webhook_events').select('id', 'last_error');
      for (const e of events) texts.push(String(e.last_error ?? ''));
      for (const a of await t.db.knex('webhook_attempts').select('error')) texts.push(String(a.error ?? ''));
      for (const e of events) {
        const detail = await t.db.getEvent(Number(e.id));
        const summary: FailedEventSummary = { id: detail!.id, topic: detail!.topic, resourceId: detail!.resourceId, attempts: detail!.attempts, lastError: detail!.lastError, receivedAt: detail!.receivedAt, paymentId: detail!.paymentId };
        texts.push(formatFailureAlert(summary, []));
      }
      return texts;
    }

    it('GoHighLevel echoing its token in a long error: nothing stored or alerted keeps a prefix of it', async () => {
      const offsets: number[] = [];
      for (let before = 240; before <= 300; before += 1) offsets.push(before);
      fc.sample(fc.nat({ max: 600 }), { numRuns: 15, seed: 7 }).forEach((n) => offsets.push(n));
      for (const [i, before] of offsets.entries()) {
        const paymentId = 7000 + i;
        mp.setPayment({ id: paymentId, status: 'approved', payer: { email: `buyer${paymentId}@example.com` } });
        ghl.fail({ status: 422, body: { statusCode: 422, message: `${filler(before, i)}invalid token ${GHL_TOKEN} for location${filler(40)}` } });
        await t.db.insertEvent(paymentEvent(`n-cut-${i}`, paymentId), Date.now());
      }
      const clients = createPipelineClients(config);
      try {
        const worker = createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent, clients });
        await worker.runOnce();
      } finally {
        clients.close();
      }
      const statuses = await t.db.knex('webhook_events').pluck('status');
      expect(statuses.filter((s: string) => s === 'failed').length).toBe(offsets.length);
      for (const text of await visibleTexts()) expect(leakedPrefix(text, GHL_TOKEN)).toBeNull();
    });

    it('an error longer than the stored 2000 characters, the token at every offset around that cut', async () => {
      const offsets: number[] = [];
      for (let before = 1950; before <= 2010; before += 1) offsets.push(before);
      for (const [i] of offsets.entries()) await t.db.insertEvent(paymentEvent(`n-long-${i}`, 8000 + i), Date.now());
      const byResource = new Map(offsets.map((before, i) => [String(8000 + i), before]));
      const clients = createPipelineClients(config);
      try {
        // Any failure text, not only an upstream's answer body, reaches the column (e.g. a driver's message).
        const failing: typeof processEvent = async (event) => {
          throw new Error(`${filler(byResource.get(event.resourceId)!)}${MP_TOKEN}${filler(100)}`);
        };
        const worker = createWorker({ store: t.db, config: { ...config, worker: { ...config.worker, retryScheduleMs: [] } }, logger: createSilentLogger(), processEvent: failing, clients });
        await worker.runOnce();
      } finally {
        clients.close();
      }
      const texts = await visibleTexts();
      expect(texts.some((text) => text.length >= 1990)).toBe(true);
      for (const text of texts) expect(leakedPrefix(text, MP_TOKEN)).toBeNull();
    });
  });
});
