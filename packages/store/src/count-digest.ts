import type { Driver } from './drivers/driver';

/** What the daily digest reports about a period [from, to): what came in, what was done, what needs attention. */
export interface DigestCounts {
  /** Payments recorded for the first time (MercadoPago ids we had not seen). */
  paymentsReceived: number;
  /** Payments that became approved. */
  approved: number;
  /** Rule actions applied on GoHighLevel contacts (tags, fields, notes, opportunities). */
  actionsApplied: number;
  /** Events that ended failed (they wait for an operator's retry). */
  failed: number;
  /** Events queued by a reconciliation sweep: payments whose notification never came, or whose status changed. */
  recovered: number;
  /** Events still waiting (pending or being processed) at the end of the period. */
  waitingNow: number;
}

const count = (row: unknown): number => Number((row as { n?: unknown } | undefined)?.n ?? 0);

/** Counts the digest's figures with one small statement each, every one bounded by an indexed time column or status. */
export async function countDigest(db: Driver, from: number, to: number): Promise<DigestCounts> {
  const k = db.knex;
  const [payments, approved, actions, failed, recovered, waiting] = await Promise.all([
    k('payments').whereNotNull('mp_payment_id').andWhere('created_at', '>=', from).andWhere('created_at', '<', to).count({ n: '*' }).first(),
    k('status_changes').where('status', 'approved').andWhere('subject', 'like', 'payment:%')
      .andWhere('changed_at', '>=', from).andWhere('changed_at', '<', to).count({ n: '*' }).first(),
    k('rule_actions').where('state', 'applied').andWhere('applied_at', '>=', from).andWhere('applied_at', '<', to).count({ n: '*' }).first(),
    k('webhook_events').where('status', 'failed').andWhere('processed_at', '>=', from).andWhere('processed_at', '<', to).count({ n: '*' }).first(),
    k('webhook_events').where('source', 'reconcile').andWhere('received_at', '>=', from).andWhere('received_at', '<', to).count({ n: '*' }).first(),
    k('webhook_events').whereIn('status', ['pending', 'processing']).count({ n: '*' }).first(),
  ]);
  return {
    paymentsReceived: count(payments),
    approved: count(approved),
    actionsApplied: count(actions),
    failed: count(failed),
    recovered: count(recovered),
    waitingNow: count(waiting),
  };
}
