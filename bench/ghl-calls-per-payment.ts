import { startSandboxServers } from '@ghl-payments/sandbox';
import { paymentEvent } from '@ghl-payments/test-support';
import { createBenchDatabase } from './lib/bench-db';
import { BenchContext, emptyResult, Scenario, ScenarioResult, sized } from './lib/context';
import { startWorkerProcess } from './lib/product';

/** The rules a payment is tagged with: the tag shorthand (one action), and the shipped defaults (add one tag, remove another). */
const RULE_SETS = [
  { label: 'one tag (GHL_STATUS_TAGS=approved:pago-aprobado)', env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } },
  { label: 'default rules (add pago-aprobado, remove pago-pendiente)', env: {} as Record<string, string> },
] as const;

interface Round {
  rules: string;
  buyers: string;
  payments: number;
  ghlCalls: number;
  lookups: number;
}

/**
 * GoHighLevel calls per approved payment found by the payer's email, for a buyer's first payment and for the next
 * payment of a buyer already seen (the contact cache: docs/architecture.md). Each round is one `process-webhooks` run
 * draining its events; the fake GHL counts every request it answers.
 */
async function run(ctx: BenchContext): Promise<ScenarioResult> {
  const buyers = sized(ctx, { smoke: 3, default: 50, full: 200 });
  const result = emptyResult(ghlCallsPerPayment, `${buyers} buyers, each an existing GoHighLevel contact found by email (no `
    + '`metadata.ghl_contact_id`), pay twice: every first payment is processed by one `process-webhooks` run, then every second one by '
    + 'another (SQLite, fakes answering at once, GHL_RATE_LIMIT=off). GHL calls = requests the fake GoHighLevel answered during the run; '
    + 'lookups = contact searches and upserts among them. Before the contact cache every payment cost a lookup (2 calls with one tag).');
  const rounds: Round[] = [];
  let nextPaymentId = 30_000_000;
  for (const rules of RULE_SETS) {
    const sandbox = await startSandboxServers({ mercadoPago: { latencyMs: 0 }, ghl: { latencyMs: 0 } });
    const bdb = await createBenchDatabase(ctx, 'sqlite', `calls-${rounds.length}`);
    try {
      for (let i = 0; i < buyers; i += 1) sandbox.ghl.addContact({ id: `buyer${i}`, email: `buyer${i}@example.com` });
      for (const buyersLabel of ['first payment', 'returning buyer'] as const) {
        for (let i = 0; i < buyers; i += 1) {
          const id = nextPaymentId + i;
          sandbox.mercadoPago.setPayment({ id, status: 'approved', payer: { email: `buyer${i}@example.com` } });
          await bdb.db.insertEvent(paymentEvent(`calls-${id}`, id), Date.now());
        }
        nextPaymentId += buyers;
        const before = sandbox.ghl.requests.length;
        const worker = startWorkerProcess(ctx, bdb, { ...sandbox.env, GHL_RATE_LIMIT: 'off', ...rules.env });
        const exit = await worker.exited;
        if (exit.code !== 0) throw new Error(`process-webhooks exited with ${exit.code ?? exit.signal}:\n${worker.output().slice(-2000)}`);
        const calls = sandbox.ghl.requests.slice(before);
        const tagged = await bdb.db.knex('webhook_events').where('status', 'success').count({ n: '*' }).first();
        const expected = (rounds.length % 2 === 0 ? 1 : 2) * buyers;
        if (Number(tagged?.n) !== expected) throw new Error(`${Number(tagged?.n)} events succeeded, ${expected} expected`);
        const lookups = calls.filter((c) => /\/contacts\/(search|upsert)/.test(c.path) || (c.method === 'GET' && /^\/contacts\/?$/.test(c.path))).length;
        rounds.push({ rules: rules.label, buyers: buyersLabel, payments: buyers, ghlCalls: calls.length, lookups });
        ctx.log(`  ${rules.label}, ${buyersLabel}: ${(calls.length / buyers).toFixed(2)} GHL calls per payment`);
      }
    } finally {
      await sandbox.close();
      await bdb.destroy();
    }
  }
  result.tables.push({
    columns: ['rules', 'payment', 'payments', 'GHL calls', 'calls per payment', 'lookups per payment'],
    rows: rounds.map((r) => [r.rules, r.buyers, String(r.payments), String(r.ghlCalls), (r.ghlCalls / r.payments).toFixed(2), (r.lookups / r.payments).toFixed(2)]),
  });
  const returning = rounds.find((r) => r.buyers === 'returning buyer' && r.rules === RULE_SETS[0].label)!;
  const perPayment = returning.ghlCalls / returning.payments;
  result.targets.push({
    name: 'GHL calls per tagged payment, buyer seen before (found by email), one tag',
    target: '1.0 (was 2: lookup + tag)',
    measured: `${perPayment.toFixed(2)} (first payment of a buyer: ${(rounds[0].ghlCalls / rounds[0].payments).toFixed(2)})`,
    met: perPayment <= 1.0,
  });
  result.data = { rounds };
  return result;
}

export const ghlCallsPerPayment: Scenario = { id: 'ghl-calls-per-payment', title: 'GHL calls per payment: first payment and returning buyer', run };
