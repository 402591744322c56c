import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAccountsKey, loadConfig } from '@ghl-payments/core';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { ArrivedEvent, sealAccountSecrets } from '@ghl-payments/store';
import { BIN, CliProcess, createTestDatabase, paymentEvent, startCli, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// Issue 18: a backlog of one client must not hold back another client's new payment. Each account gets at most
// ACCOUNT_MAX_IN_FLIGHT events of a worker at once, so a new event of another account is claimed by the next claim.

const BACKLOG = 2000;
const count = async (t: TestDatabase, account: string, status: string) => Number(
  (await t.db.knex('webhook_events').where({ account, status }).count({ n: '*' }).first())?.n ?? 0,
);

describe('fair share between accounts', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dir: string;
  let worker: CliProcess | undefined;

  beforeEach(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago({ autoPayments: true, accounts: [{ accessToken: 'APP_USR-big-1111', userId: 1 }, { accessToken: 'APP_USR-small-2222', userId: 2 }] });
    ghl = await createFakeGhl({ locations: [{ locationId: 'loc-big', token: 'pit-big-3333' }, { locationId: 'loc-small', token: 'pit-small-4444' }] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-fair-'));
  });
  afterEach(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`processes another account's new payment within seconds while one account drains a backlog of ${BACKLOG}`, async () => {
    const env = {
      DATABASE_URL: t.url, MP_API_URL: mp.url, GHL_API_URL: ghl.url, GHL_RATE_LIMIT: 'off', WORKER_POLL_INTERVAL: '1s',
      WORKER_CONCURRENCY: '8', ACCOUNT_MAX_IN_FLIGHT: '4', LOG_DIR: path.join(dir, 'logs'), SECRETS_KEY: 'cd'.repeat(32), RECONCILE_INTERVAL: 'off',
    };
    const { box } = loadAccountsKey(loadConfig(env));
    for (const [slug, mpToken, ghlToken] of [['big', 'APP_USR-big-1111', 'pit-big-3333'], ['small', 'APP_USR-small-2222', 'pit-small-4444']]) {
      await t.db.createAccount({
        slug, name: slug, enabled: true, ghlLocationId: `loc-${slug}`,
        ...sealAccountSecrets(box, slug, { mpAccessToken: mpToken, ghlToken }),
      }, Date.now());
    }
    ghl.setLatency(20);
    const now = Date.now();
    const backlog: ArrivedEvent[] = Array.from({ length: BACKLOG }, (_, n) => ({ event: { ...paymentEvent(`big-${n}`, 900_000 + n), account: 'big' }, now: now - BACKLOG + n }));
    for (let i = 0; i < backlog.length; i += 500) await t.db.insertEvents(backlog.slice(i, i + 500));

    worker = startCli(BIN.processWebhooks, ['--loop'], env);
    await waitUntil(async () => (await count(t, 'big', 'success')) >= 50, 30_000);
    const sent = Date.now();
    await t.db.insertEvent({ ...paymentEvent('small-1', 800_001), account: 'small' }, sent);
    await waitUntil(async () => (await count(t, 'small', 'success')) === 1, 20_000, 10);
    const waitedMs = Date.now() - sent;
    const bigLeft = BACKLOG - (await count(t, 'big', 'success'));
    console.log(`fairness: the small account's payment was done ${waitedMs} ms after it was stored, with ${bigLeft} of the big account's ${BACKLOG} events still waiting`);
    expect(bigLeft).toBeGreaterThan(BACKLOG / 2); // the backlog was really in the way
    expect(waitedMs).toBeLessThan(3000);
  }, 90_000);
});
