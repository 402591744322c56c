import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, createE2eHarness, E2eHarness, paymentEventSeed, seedEvents, startCli, waitUntil } from '@ghl-payments/test-support';

const PAYMENTS = 40;
const FIRST_PAYMENT = 820_000;
/** Notifications per payment and status: MercadoPago sends several (payment.created, payment.updated, the IPN feed …). */
const REDELIVERIES = 3;

/** Every action kind that changes the contact, over three statuses of each payment. */
const RULES = `
rules:
  - name: pendiente
    when: { status: pending }
    actions:
      - addTags: [pago-pendiente]
  - name: aprobado
    when: { status: approved }
    actions:
      - addTags: [pago-aprobado]
      - removeTags: [pago-pendiente]
      - addNote: "Pago {{payment.id}} aprobado"
      - addToWorkflow: wf-bienvenida
  - name: reembolsado
    when: { status: refunded }
    actions:
      - removeTags: [pago-aprobado]
      - addTags: [pago-reembolsado]
      - removeFromWorkflow: wf-bienvenida
`;

describe('two worker processes on the same payments (redeliveries, several statuses)', () => {
  let h: E2eHarness;
  let rulesDir: string;
  beforeEach(async () => {
    rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-rules-'));
    fs.writeFileSync(path.join(rulesDir, 'rules.yaml'), RULES);
    h = await createE2eHarness({ WORKER_CONCURRENCY: '8', WORKER_BATCH_SIZE: '8', RULES_FILE: path.join(rulesDir, 'rules.yaml') });
  });
  afterEach(async () => {
    await h.destroy();
    fs.rmSync(rulesDir, { recursive: true, force: true });
  });

  it('each action reaches GoHighLevel exactly once per payment and status, and is recorded applied once', async () => {
    const ids = Array.from({ length: PAYMENTS }, (_, i) => FIRST_PAYMENT + i);
    // the contact is named by the payment's metadata: a pending payment carries no payer email (docs/provider-reference.md)
    for (const id of ids) h.ghl.addContact({ id: `c${id}`, email: `buyer${id}@example.com` });
    const successCount = async () => (await h.statuses()).success ?? 0;
    /** Sets every payment to `status` in MercadoPago, then stores REDELIVERIES notifications of each, interleaved. */
    const notifyAll = async (status: string) => {
      for (const id of ids) h.mp.setPayment({ id, status, metadata: { ghl_contact_id: `c${id}` } });
      const now = Date.now();
      const seeds = [];
      for (let k = 0; k < REDELIVERIES; k += 1) {
        for (const id of ids) seeds.push(paymentEventSeed(`${id}-${status}-${k}`, id, now));
      }
      await seedEvents(h.t.db, seeds);
    };

    const workers = [startCli(BIN.processWebhooks, ['--loop'], h.env), startCli(BIN.processWebhooks, ['--loop'], h.env)];
    let expected = 0;
    try {
      for (const status of ['pending', 'approved', 'refunded']) {
        await notifyAll(status);
        expected += PAYMENTS * REDELIVERIES;
        // the next status only once every notification of this one is done, as MercadoPago's own order would be
        await waitUntil(async () => (await successCount()) === expected, 90_000, 100);
      }
    } finally {
      workers.forEach((w) => w.child.kill('SIGTERM'));
    }
    const results = await Promise.all(workers.map((w) => w.exited));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(await h.statuses()).toEqual({ success: 3 * PAYMENTS * REDELIVERIES });
    // both workers took part (otherwise this would not test two workers)
    const processed = results.map((r) => Number(/processed=(\d+)/.exec(r.stdout)?.[1]));
    expect(processed[0]).toBeGreaterThan(0);
    expect(processed[1]).toBeGreaterThan(0);

    // what GoHighLevel saw, per payment's contact: every action once
    const calls = (method: string, pattern: RegExp) => {
      const perContact = new Map<string, number>();
      for (const r of h.ghl.requests) {
        const contact = r.method === method ? pattern.exec(r.path)?.[1] : undefined;
        if (contact) perContact.set(contact, (perContact.get(contact) ?? 0) + 1);
      }
      return perContact;
    };
    const everyContactOnce = (perContact: Map<string, number>, times: number) => {
      expect(perContact.size).toBe(PAYMENTS);
      expect([...perContact.values()].filter((n) => n !== times)).toEqual([]);
    };
    everyContactOnce(calls('POST', /^\/contacts\/([^/]+)\/tags$/), 3); // pago-pendiente, pago-aprobado, pago-reembolsado
    everyContactOnce(calls('DELETE', /^\/contacts\/([^/]+)\/tags$/), 2); // pago-pendiente, pago-aprobado
    everyContactOnce(calls('POST', /^\/contacts\/([^/]+)\/notes$/), 1);
    everyContactOnce(calls('POST', /^\/contacts\/([^/]+)\/workflow\/wf-bienvenida$/), 1);
    everyContactOnce(calls('DELETE', /^\/contacts\/([^/]+)\/workflow\/wf-bienvenida$/), 1);
    for (const id of ids) {
      expect(h.ghl.getContact(`c${id}`)?.tags).toEqual(['pago-reembolsado']);
      expect(h.ghl.notes(`c${id}`).map((n) => n.body)).toEqual([`Pago ${id} aprobado`]);
      expect(h.ghl.workflowsOf(`c${id}`)).toEqual([]);
    }

    // the ledger: one applied row per (payment, status, rule, action), nothing left applying
    const ledger = await h.t.db.knex('rule_actions').select('status', 'kind', 'state').count({ n: '*' })
      .groupBy('status', 'kind', 'state').orderBy(['status', 'kind']) as Array<{ status: string; kind: string; state: string; n: number | string }>;
    expect(ledger.map((r) => [r.status, r.kind, r.state, Number(r.n)])).toEqual([
      ['approved', 'addNote', 'applied', PAYMENTS], ['approved', 'addTags', 'applied', PAYMENTS],
      ['approved', 'addToWorkflow', 'applied', PAYMENTS], ['approved', 'removeTags', 'applied', PAYMENTS],
      ['pending', 'addTags', 'applied', PAYMENTS],
      ['refunded', 'addTags', 'applied', PAYMENTS], ['refunded', 'removeFromWorkflow', 'applied', PAYMENTS], ['refunded', 'removeTags', 'applied', PAYMENTS],
    ]);
    const rounds = await h.t.db.knex('status_changes').select('status').count({ n: '*' }).groupBy('status').orderBy('status') as Array<{ status: string; n: number | string }>;
    expect(rounds.map((r) => [r.status, Number(r.n)])).toEqual([['approved', PAYMENTS], ['pending', PAYMENTS], ['refunded', PAYMENTS]]);
  }, 240_000);
});
