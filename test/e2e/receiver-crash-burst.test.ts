import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { BIN, CliProcess, createTestDatabase, findFreePort, isHealthy, startCli, TestDatabase, waitUntil } from '@ghl-payments/test-support';

const UNIQUE = 2400;
/** Redeliveries of notifications sent earlier in the same burst (MercadoPago retrying while the first is in flight). */
const REDELIVERIES = 300;
const CONNECTIONS = 32;
/** SIGKILL once this share of the burst has been answered. */
const KILL_AT = 0.35;

interface Answer {
  nid: string;
  status: number | 'error';
  id?: number;
  outcome?: string;
}

/** POSTs one Webhooks-format notification over a keep-alive agent; never rejects. */
function postNotification(agent: http.Agent, port: number, nid: string): Promise<Answer> {
  const paymentId = nid.replace(/\D/g, '');
  const body = JSON.stringify({ id: nid, live_mode: true, type: 'payment', action: 'payment.updated', api_version: 'v1', data: { id: paymentId } });
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1', port, agent, method: 'POST', path: `/webhooks/mp?data.id=${paymentId}&type=payment`,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': `req-${nid}` },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => {
        try {
          const parsed = JSON.parse(text) as { id?: number; status?: string };
          resolve({ nid, status: res.statusCode ?? 0, id: parsed.id, outcome: parsed.status });
        } catch {
          resolve({ nid, status: res.statusCode ?? 0 });
        }
      });
      res.on('error', () => resolve({ nid, status: 'error' }));
    });
    req.on('error', () => resolve({ nid, status: 'error' }));
    req.end(body);
  });
}

describe('a burst of notifications to a receiver process killed with SIGKILL mid-burst', () => {
  let t: TestDatabase;
  let logDir: string;
  let receiver: CliProcess | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-burst-'));
  });
  afterAll(async () => {
    if (receiver && receiver.child.exitCode === null && receiver.child.signalCode === null) receiver.child.kill('SIGKILL');
    await t.destroy();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('keeps every notification answered 200, exactly once, and a redelivery of the rest stores each once', async () => {
    const port = await findFreePort();
    const env = {
      DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', LOG_DIR: logDir, LOG_LEVEL: 'warn',
      ADMIN_TOKEN: 'burst-test-admin-token-8fK3qW7zN2xR5vT', DB_POOL_MAX: '10',
    };
    const startReceiver = async () => {
      const r = startCli(BIN.ghlPayments, ['runserver'], env);
      receiver = r;
      await waitUntil(() => isHealthy(port), 30_000, 50);
      return r;
    };
    receiver = await startReceiver();

    const nids = Array.from({ length: UNIQUE }, (_, i) => `n${100000 + i}`);
    // every 8th notification is sent a second time, right behind the first, in the same burst
    const burst: string[] = [];
    nids.forEach((nid, i) => { burst.push(nid); if (i % 8 === 0 && burst.length < UNIQUE + REDELIVERIES) burst.push(nid); });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    let answered = 0;
    let killedAt = 0;
    const doomed = receiver;
    const started = Date.now();
    const first = await Promise.all(burst.map((nid) => postNotification(agent, port, nid).then((a) => {
      if (a.status !== 'error') answered += 1;
      if (!killedAt && answered >= burst.length * KILL_AT) {
        killedAt = answered;
        doomed.child.kill('SIGKILL');
      }
      return a;
    })));
    const burstMs = Date.now() - started;
    expect((await doomed.exited).signal).toBe('SIGKILL');
    agent.destroy();

    const ok = first.filter((a) => a.status === 200);
    const failed = first.filter((a) => a.status !== 200);
    expect(ok.length).toBeGreaterThanOrEqual(killedAt);
    expect(failed.length).toBeGreaterThan(0); // the kill really cut the burst
    expect(failed.every((a) => a.status === 'error')).toBe(true); // never a 5xx: a request is stored or gets no answer
    const inFlightAtKill = new Set(failed.map((a) => a.nid)).size;

    // Every notification answered 200 is on disk, once, under the id the receiver answered with.
    const rowsAfterCrash = await t.db.knex('webhook_events').select('id', 'dedup_key', 'duplicates') as Array<{ id: number; dedup_key: string; duplicates: number }>;
    const byKey = new Map(rowsAfterCrash.map((r) => [r.dedup_key, r]));
    expect(byKey.size).toBe(rowsAfterCrash.length);
    for (const a of ok) {
      const row = byKey.get(`webhook:payment:${a.nid}`);
      expect(row).toBeDefined();
      expect(Number(row!.id)).toBe(a.id);
    }
    const answeredKeys = new Set(ok.map((a) => a.nid));
    const storedButUnanswered = rowsAfterCrash.filter((r) => !answeredKeys.has(r.dedup_key.slice('webhook:payment:'.length))).length;

    // MercadoPago redelivers everything that did not get a 200 (and we resend a sample of the rest, too).
    receiver = await startReceiver();
    const again = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const resend = [...new Set([...failed.map((a) => a.nid), ...ok.filter((_, i) => i % 10 === 0).map((a) => a.nid)])];
    const second = await Promise.all(resend.map((nid) => postNotification(again, port, nid)));
    again.destroy();
    expect(second.every((a) => a.status === 200)).toBe(true);
    for (const a of second) {
      if (answeredKeys.has(a.nid)) expect(a).toMatchObject({ outcome: 'duplicate', id: ok.find((o) => o.nid === a.nid)!.id });
    }

    const rows = await t.db.knex('webhook_events').select('id', 'dedup_key') as Array<{ id: number; dedup_key: string }>;
    expect(rows).toHaveLength(UNIQUE);
    expect(new Set(rows.map((r) => r.dedup_key)).size).toBe(UNIQUE);
    expect(new Set(rows.map((r) => r.dedup_key))).toEqual(new Set(nids.map((n) => `webhook:payment:${n}`)));
    const sum = await t.db.knex('webhook_events').sum({ d: 'duplicates' }).first();
    const duplicateAnswers = [...first, ...second].filter((a) => a.status === 200 && a.outcome === 'duplicate').length;
    expect(Number(sum!.d)).toBeGreaterThanOrEqual(duplicateAnswers); // each duplicate answer was counted on its event

    receiver.child.kill('SIGTERM');
    expect((await receiver.exited).code).toBe(0);
    process.stdout.write(`receiver burst: ${burst.length} requests (${UNIQUE} unique) over ${CONNECTIONS} keep-alive connections in ${burstMs}ms; `
      + `SIGKILL after ${killedAt} answers; ${ok.length} answered 200, ${failed.length} cut off (${inFlightAtKill} notifications), `
      + `${storedButUnanswered} of those stored before the kill (answered duplicate on redelivery); after redelivery ${rows.length} rows, 0 duplicated, 0 lost\n`);
  });
});
