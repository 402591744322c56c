import { settledValue } from '@ghl-payments/core';
import { setPaymentContact, upsertPayment } from '@ghl-payments/store';
import type { Payment, WebhookEvent } from '@ghl-payments/store';
import { ApplyTagsResult, applyStatusTags } from './apply-status-tags';
import { mapMpPayment } from './map-mp-payment';
import type { ProcessContext } from './process-types';
import { resolveContact, ResolvedContact, resolveMetadataContact } from './resolve-contact';

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
  const describe = (payment: Payment, contact: ResolvedContact | null, result: ApplyTagsResult | null): PaymentResult => {
    if (contact) log('contact resolved', { contactId: contact.contactId, source: contact.source });
    if (!contact || !result) return { payment, summary: `${label} → no tags for status ${record.status}` };
    log(result === 'applied' ? 'tags applied' : 'tags already applied', { tags, contactId: contact.contactId });
    const verb = result === 'applied' ? 'tagged' : 'already tagged';
    return { payment, summary: `${label} → ${verb} ${tags.join(', ')} on contact ${contact.contactId}` };
  };
  const tagContact = (contactId: string) => applyStatusTags({ mpPaymentId: record.mpPaymentId, paymentStatus: record.status, tags, contactId }, event, ctx);

  // The usual case: the payment names its contact. The payment (with its contact) is recorded and the tags reserved
  // together — one commit on SQLite — and the GHL call follows the reservation.
  const fromMetadata = resolveMetadataContact(mpPayment, tags.length > 0);
  if (fromMetadata) {
    const [recorded, tagged] = await Promise.allSettled([
      upsertPayment(ctx.db, { ...record, ghlContactId: fromMetadata.contactId }, ctx.now()),
      tags.length > 0 ? tagContact(fromMetadata.contactId) : Promise.resolve(null),
    ]);
    return describe(settledValue(recorded), fromMetadata, settledValue(tagged));
  }

  let payment = await upsertPayment(ctx.db, record, ctx.now());
  const contact = await resolveContact({ payment: mpPayment, stored: payment, required: tags.length > 0 }, ctx);
  // Saved alongside the tag reservation below (the same commit on SQLite), awaited before returning.
  let contactSaved: Promise<void> = Promise.resolve();
  if (contact && contact.contactId !== payment.ghlContactId) {
    contactSaved = setPaymentContact(ctx.db, payment.id, contact.contactId, ctx.now());
    contactSaved.catch(() => undefined); // handled where it is awaited
    payment = { ...payment, ghlContactId: contact.contactId };
  }
  const result = tags.length > 0 && contact ? await tagContact(contact.contactId) : null;
  await contactSaved;
  return describe(payment, contact, result);
}
