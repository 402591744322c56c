import type { Payment, WebhookEvent } from '@ghl-payments/store';
import { ApplyTagsResult, applyStatusTags } from './apply-status-tags';
import { mapMpPayment } from './map-mp-payment';
import type { ProcessContext } from './process-types';
import { resolveContact, resolveMetadataContact } from './resolve-contact';

/** What processing one MercadoPago payment did. */
export interface PaymentResult {
  payment: Payment;
  summary: string;
}

/** The tags configured for a payment status (status compared lower-case). */
export function findStatusTags(statusTags: Record<string, string[]>, status: string): string[] {
  return statusTags[status.toLowerCase()] ?? [];
}

/**
 * Reads one payment from MercadoPago, records it, resolves its GHL contact and applies its status's tags once.
 * With no tags for the status, GHL is not called (a contact known locally is still recorded).
 */
export async function processPayment(mpPaymentId: string, event: WebhookEvent, ctx: ProcessContext): Promise<PaymentResult> {
  const log = (message: string, meta: Record<string, unknown> = {}) => ctx.logger.debug(message, { eventId: event.id, mpPaymentId, ...meta });

  const mpPayment = await ctx.clients.mercadopago.getPayment(mpPaymentId);
  const record = mapMpPayment(mpPayment);
  log('payment read from MercadoPago', { status: record.status, externalReference: record.externalReference });
  const tags = findStatusTags(ctx.config.ghl.statusTags, record.status);
  const label = `payment ${record.mpPaymentId} ${record.status}`;

  // The usual case: the payment names its contact in its metadata. The payment (with its contact) and the right to
  // tag it are then committed together, and the GHL call follows.
  const named = resolveMetadataContact(mpPayment, tags.length > 0);
  if (named && tags.length > 0) {
    const key = { mpPaymentId: record.mpPaymentId, paymentStatus: record.status };
    const recorded = await ctx.store.recordPaymentAndReserveTags(
      { ...record, ghlContactId: named.contactId },
      { ...key, tags, contactId: named.contactId, eventId: event.id, leaseMs: ctx.config.worker.leaseMs, now: ctx.now() },
    );
    log('contact resolved', { contactId: named.contactId, source: named.source });
    const applied = await applyStatusTags({ ...key, tags, contactId: named.contactId }, event, ctx, recorded.reservation);
    return { payment: recorded.payment, summary: describeTagging(label, applied, tags, named.contactId) };
  }
  let payment = await ctx.store.recordPayment({ ...record, ghlContactId: named?.contactId ?? null }, ctx.now());

  const contact = await resolveContact({ payment: mpPayment, stored: payment, required: tags.length > 0 }, ctx);
  if (contact && contact.contactId !== payment.ghlContactId) {
    await ctx.store.setPaymentContact(payment.id, contact.contactId, ctx.now());
    payment = { ...payment, ghlContactId: contact.contactId };
  }
  if (contact) log('contact resolved', { contactId: contact.contactId, source: contact.source });
  if (!contact || tags.length === 0) return { payment, summary: `${label} → no tags for status ${record.status}` };

  const applied = await applyStatusTags({ mpPaymentId: record.mpPaymentId, paymentStatus: record.status, tags, contactId: contact.contactId }, event, ctx);
  return { payment, summary: describeTagging(label, applied, tags, contact.contactId) };
}

function describeTagging(label: string, applied: ApplyTagsResult, tags: readonly string[], contactId: string): string {
  return `${label} → ${applied === 'applied' ? 'tagged' : 'already tagged'} ${tags.join(', ')} on contact ${contactId}`;
}
