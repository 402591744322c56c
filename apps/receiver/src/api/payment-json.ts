import type { AppliedTags, Payment, PaymentDetail } from '@ghl-payments/store';
import { parsePayload, toEventJson } from './event-json';
import { isoTime } from './iso-time';

/** A payment as the API shows it in lists. */
export function toPaymentJson(p: Payment): Record<string, unknown> {
  return {
    id: p.id,
    mp_payment_id: p.mpPaymentId,
    external_reference: p.externalReference,
    ghl_contact_id: p.ghlContactId,
    status: p.status,
    status_detail: p.statusDetail,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    payer_email: p.payerEmail,
    date_created: p.dateCreated,
    date_approved: p.dateApproved,
    date_last_updated: p.dateLastUpdated,
    created_at: isoTime(p.createdAt),
    updated_at: isoTime(p.updatedAt),
  };
}

/** One row of the tag ledger. */
export function toTagsJson(t: AppliedTags): Record<string, unknown> {
  return {
    payment_status: t.paymentStatus,
    tags: t.tags,
    contact_id: t.contactId,
    state: t.state,
    event_id: t.eventId,
    applied_at: isoTime(t.appliedAt),
  };
}

/** A payment with its events, tags and MercadoPago's JSON. */
export function toPaymentDetailJson(p: PaymentDetail): Record<string, unknown> {
  return {
    ...toPaymentJson(p),
    events: p.events.map(toEventJson),
    tags: p.tags.map(toTagsJson),
    mercadopago: parsePayload(p.raw),
  };
}
