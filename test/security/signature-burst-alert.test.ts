import { createHmac } from 'node:crypto';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { startReceiver } from '@ghl-payments/receiver';
import { createTestDatabase, startAlertSink, TestDatabase, waitUntil } from '@ghl-payments/test-support';

// Issue 17: a wrong MP_WEBHOOK_SECRET makes the receiver refuse every real notification with 401, silently. A burst of
// signature refusals now alerts the owner once (5 within 10 minutes), without the secret in the alert.

const SECRET = 'the-right-webhook-secret-7c1d';
const WRONG = 'an-old-webhook-secret-0b2e';

function sign(dataId: string, requestId: string, secret: string): string {
  const ts = String(Date.now());
  return `ts=${ts},v1=${createHmac('sha256', secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex')}`;
}

describe('a burst of bad signatures at the receiver', () => {
  let t: TestDatabase;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  beforeEach(async () => { [t, sink] = await Promise.all([createTestDatabase(), startAlertSink()]); });
  afterEach(async () => { await Promise.all([t.destroy(), sink.close()]); });

  it('alerts once after the fifth refusal, in the configured language, and never for good or unparseable requests', async () => {
    const config = loadConfig({
      DATABASE_URL: t.url, PORT: '0', MP_WEBHOOK_SECRET: SECRET, ALERT_WEBHOOK_URL: sink.url, ALERT_LANGUAGE: 'pt-BR', PUBLIC_URL: 'https://pay.example.com',
    });
    const receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, operators: false });
    try {
      const post = async (n: number, secret: string | null) => {
        const requestId = `req-${n}`;
        const res = await fetch(`${receiver.url}/webhooks/mp?data.id=${7000 + n}&type=payment`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(secret ? { 'x-signature': sign(String(7000 + n), requestId, secret) } : {}) },
          body: JSON.stringify({ id: `n${n}`, type: 'payment', action: 'payment.updated', data: { id: String(7000 + n) } }),
        });
        return res.status;
      };
      expect(await post(1, SECRET)).toBe(200);
      expect((await fetch(`${receiver.url}/webhooks/mp`, { method: 'POST', body: 'not json', headers: { 'content-type': 'application/json' } })).status).toBe(400);
      for (let n = 2; n <= 5; n += 1) expect(await post(n, WRONG)).toBe(401);
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.texts).toEqual([]); // four refusals: not yet a burst
      expect(await post(6, null)).toBe(401); // a missing signature counts too
      await waitUntil(() => sink.texts.length === 1);
      for (let n = 7; n <= 16; n += 1) expect(await post(n, WRONG)).toBe(401);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.texts).toHaveLength(1); // the next burst within the hour is held back
      expect(sink.texts[0]).toMatch(/^ghl-payments: o receptor recusou 5 avisos em 10 min porque a assinatura \(x-signature\) não é válida/);
      expect(sink.texts[0]).toContain('https://pay.example.com/admin');
      expect(sink.texts[0]).not.toContain(SECRET);
      expect(sink.texts[0]).not.toContain(WRONG);
      expect(Number((await t.db.readAlertState('signatures-rejected'))?.suppressed)).toBe(2);
    } finally {
      await receiver.close();
    }
  });
});
