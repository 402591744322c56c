import { RetryableError } from '@ghl-payments/core';
import type { ReserveResult, TagReservation, TagReservationKey, WebhookEvent } from '@ghl-payments/store';
import type { ProcessContext } from './process-types';

export interface StatusTags extends TagReservationKey {
  tags: readonly string[];
  contactId: string;
}

/** `applied`: GHL was called now; `already-applied`: an earlier event tagged this payment for this status. */
export type ApplyTagsResult = 'applied' | 'already-applied';

const BUSY_POLL_MS = 100;

/** How long to wait for another event that is tagging the same payment and status: about one GHL call. */
export function busyWaitMs(ctx: ProcessContext): number {
  return Math.min(ctx.config.worker.leaseMs / 2, ctx.config.httpTimeoutMs * 2);
}

/**
 * Reserves the right to tag; while another event holds it (e.g. a duplicate notification processed at the same
 * time), polls for a short while so the usual outcome is `already-applied` rather than a deferral.
 */
async function reserveOrWait(r: TagReservation, ctx: ProcessContext, first?: ReserveResult): Promise<ReserveResult> {
  const polls = Math.ceil(busyWaitMs(ctx) / BUSY_POLL_MS); // counted, not timed: works with an injected clock too
  for (let poll = 0; ; poll += 1) {
    const result = poll === 0 && first ? first : await ctx.store.reserveTags({ ...r, now: ctx.now() });
    if (result.state !== 'busy' || poll >= polls) return result;
    await new Promise((resolve) => { setTimeout(resolve, BUSY_POLL_MS); });
  }
}

/** Renews the reservation every third of the lease while the GHL call runs; returns the stop function. */
function keepReservationAlive(key: TagReservationKey, event: WebhookEvent, ctx: ProcessContext): () => void {
  const leaseMs = ctx.config.worker.leaseMs;
  const timer = setInterval(() => {
    ctx.store.renewTagReservation(key, event.id, leaseMs, ctx.now()).catch((err: Error) => {
      ctx.logger.warn('could not renew tag reservation', { eventId: event.id, mpPaymentId: key.mpPaymentId, error: err.message });
    });
  }, Math.max(100, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Adds a payment status's tags to the contact at most once, whatever the number of events or workers: the ledger
 * reservation decides who calls GHL. Another event still tagging after busyWaitMs → RetryableError not before its
 * lease ends, not counted. A failed GHL call gives the reservation back and rethrows. `reserved`: the outcome of a
 * reservation already made (recorded with the payment), used instead of a first reserveTags call.
 */
export async function applyStatusTags(
  input: StatusTags, event: WebhookEvent, ctx: ProcessContext, reserved?: ReserveResult,
): Promise<ApplyTagsResult> {
  const key: TagReservationKey = { mpPaymentId: input.mpPaymentId, paymentStatus: input.paymentStatus };
  const reservation = await reserveOrWait({
    ...key, tags: input.tags, contactId: input.contactId, eventId: event.id, leaseMs: ctx.config.worker.leaseMs, now: ctx.now(),
  }, ctx, reserved);
  if (reservation.state === 'already-applied') return 'already-applied';
  if (reservation.state === 'busy') {
    throw new RetryableError(
      `tags for payment ${input.mpPaymentId} (${input.paymentStatus}) are being applied by another event; retry after its lease`,
      { notBefore: reservation.until, countsAsAttempt: false },
    );
  }
  const stopRenewing = keepReservationAlive(key, event, ctx);
  try {
    await ctx.clients.ghl.addTags(input.contactId, input.tags);
  } catch (err) {
    stopRenewing();
    await releaseReservation(key, event, ctx);
    throw err;
  }
  stopRenewing();
  if (ctx.appliedTags) ctx.appliedTags.push(key); // committed with the attempt's outcome
  else await ctx.store.markTagsApplied(key, ctx.now());
  return 'applied';
}

/** Gives the reservation back after a failed GHL call, so a later attempt can tag. */
async function releaseReservation(key: TagReservationKey, event: WebhookEvent, ctx: ProcessContext): Promise<void> {
  try {
    await ctx.store.releaseTagReservation(key, event.id);
  } catch (err) {
    // the reservation then expires with its lease and a later attempt takes it over
    ctx.logger.warn('could not release tag reservation', { eventId: event.id, mpPaymentId: key.mpPaymentId, error: (err as Error).message });
  }
}
