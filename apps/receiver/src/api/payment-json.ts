import { describeRecordedAction, Payment, PaymentDetail, RecordedAction, StatusChange } from '@ghl-payments/store';
import { parsePayload, toEventJson } from './event-json';
import { isoTime } from './iso-time';

/** A payment as the API shows it in lists. */
export function toPaymentJson(p: Payment): Record<string, unknown> {
  return {
    id: p.id,
    account: p.account,
    mp_payment_id: p.mpPaymentId,
    external_reference: p.externalReference,
    ghl_contact_id: p.ghlContactId,
    status: p.status,
    status_detail: p.statusDetail,
    amount: p.amount,
    currency: p.currency,
    description: p.description,
    payer_email: p.payerEmail,
    payer_name: p.payerName,
    date_created: p.dateCreated,
    date_approved: p.dateApproved,
    date_last_updated: p.dateLastUpdated,
    created_at: isoTime(p.createdAt),
    updated_at: isoTime(p.updatedAt),
  };
}

/** One status the payment entered. */
export function toStatusChangeJson(c: StatusChange): Record<string, unknown> {
  return { status: c.status, round: c.round, previous_status: c.previousStatus, event_id: c.eventId, changed_at: isoTime(c.changedAt) };
}

/** One row of the rule-action ledger. */
export function toActionJson(a: RecordedAction): Record<string, unknown> {
  return {
    status: a.status,
    round: a.round,
    rule: a.rule,
    action_index: a.actionIndex,
    kind: a.kind,
    description: describeRecordedAction(a),
    contact_id: a.contactId,
    state: a.state,
    event_id: a.eventId,
    created_at: isoTime(a.createdAt),
    applied_at: isoTime(a.appliedAt),
  };
}

/** A payment with its events, status changes, rule actions and MercadoPago's JSON. */
export function toPaymentDetailJson(p: PaymentDetail): Record<string, unknown> {
  return {
    ...toPaymentJson(p),
    events: p.events.map(toEventJson),
    status_changes: p.statusChanges.map(toStatusChangeJson),
    actions: p.actions.map(toActionJson),
    mercadopago: parsePayload(p.raw),
  };
}
