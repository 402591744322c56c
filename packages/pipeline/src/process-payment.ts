import { PermanentError } from '@ghl-payments/core';
import { paymentSubject, Payment, PaymentRecord, WebhookEvent } from '@ghl-payments/store';
import { cleanText, mapMpPayment } from './map-mp-payment';
import type { MpOrder, MpPayment } from './mercadopago-schemas';
import type { ProcessContext } from './process-types';
import { ContactHints, readMetadataContact, ResolvedContact, resolveContact } from './resolve-contact';
import { matchRules, RuleFacts } from './rules/match-rules';
import type { TemplateValues } from './rules/render-template';
import { rulesOf } from './rules/rules-of';
import { ActionOutcome, runRuleActions } from './rules/run-rule-actions';

/** What processing one MercadoPago payment did; `ignored` when it could not act yet, and why. */
export interface PaymentResult {
  payment: Payment;
  summary: string;
  ignored?: string;
}

/** One payment as read from MercadoPago: what to record, what rules see, and how to find its contact. */
interface PaymentReading {
  record: PaymentRecord;
  facts: RuleFacts;
  values: TemplateValues;
  contact: ContactHints;
}

/**
 * Reads one payment from MercadoPago, records it with its status round, and runs the rules that match its status on
 * its GoHighLevel contact, each action at most once per status round. With no matching rule GoHighLevel is not called.
 */
export async function processPayment(mpPaymentId: string, event: WebhookEvent, ctx: ProcessContext): Promise<PaymentResult> {
  const payment = await ctx.clients.mercadopago.getPayment(mpPaymentId);
  return processReading(readPayment(payment, event.topic), event, ctx);
}

/**
 * An Orders API order (`order` topic): its payments are not Payments API payments (`GET /v1/payments` does not know
 * their ids), so the order itself is recorded as the payment, under its own id, with its status in the Payments API's
 * words (`processed` → approved …) so the same rules apply.
 */
export async function processOrderPayment(orderId: string, event: WebhookEvent, ctx: ProcessContext): Promise<PaymentResult> {
  const order = await ctx.clients.mercadopago.getOrder(orderId);
  return processReading(readOrder(order, event.topic), event, ctx);
}

async function processReading(reading: PaymentReading, event: WebhookEvent, ctx: ProcessContext): Promise<PaymentResult> {
  const { record } = reading;
  ctx.logger.debug('payment read from MercadoPago', { eventId: event.id, mpPaymentId: record.mpPaymentId, status: record.status });
  const rules = matchRules(rulesOf(ctx), reading.facts);
  const named = readMetadataContact(reading.contact, rules.length > 0);
  const state = await ctx.store.recordPaymentState({ ...record, ghlContactId: named?.contactId ?? null, account: event.account }, event.id, ctx.now());
  let payment = state.payment;
  if (!state.stale && record.status === 'approved' && record.externalReference) {
    // a payment link with this external reference is paid (docs/payment-links.md)
    await ctx.store.markPaymentLinkPaid({ account: payment.account, externalReference: record.externalReference, mpPaymentId: record.mpPaymentId, now: ctx.now() });
  }
  const label = `payment ${record.mpPaymentId} ${record.status}`;
  if (state.stale) {
    return { payment, summary: `${label}: MercadoPago answered an older state than the one recorded (${payment.status}); nothing to do` };
  }
  if (rules.length === 0) return { payment, summary: `${label} → no rule for status ${record.status}` };

  let contact = named ?? await resolveContact(reading.contact, payment, ctx);
  if (!contact) {
    return {
      payment,
      summary: `${label} → waiting for a contact`,
      ignored: `${label}: MercadoPago gives the payer's email only once a payment is approved, and this payment names no contact `
        + '(metadata.ghl_contact_id or a registered external_reference); its rules run when a later status of it is processed',
    };
  }
  const run = async (found: ResolvedContact) => {
    if (found.contactId !== payment.ghlContactId) {
      await ctx.store.setPaymentContact(payment.id, found.contactId, ctx.now());
      payment = { ...payment, ghlContactId: found.contactId };
    }
    ctx.logger.debug('contact resolved', { eventId: event.id, mpPaymentId: record.mpPaymentId, contactId: found.contactId, source: found.source });
    return runRuleActions(rules, {
      subject: paymentSubject(record.mpPaymentId), status: record.status, round: state.round, contactId: found.contactId, values: reading.values,
    }, event, ctx);
  };
  let outcomes: ActionOutcome[];
  try {
    outcomes = await run(contact);
  } catch (err) {
    // A cached contact GoHighLevel no longer knows (deleted, or merged into another): forget it, look the email up once more
    if (!(err instanceof PermanentError && err.reason === 'contact-not-found' && contact.source === 'cache' && contact.email)) throw err;
    await ctx.store.forgetCachedContact(ctx.config.ghl.locationId ?? '', contact.email, contact.contactId);
    contact = (await resolveContact(reading.contact, payment, ctx, contact.contactId))!;
    outcomes = await run(contact);
  }
  return { payment, summary: describeOutcomes(label, outcomes, contact.contactId) };
}

/** What the rules match on for a payment read from the Payments API. */
export function paymentFacts(payment: MpPayment, topic: string): RuleFacts {
  return readPayment(payment, topic).facts;
}

function readPayment(payment: MpPayment, topic: string): PaymentReading {
  const record = mapMpPayment(payment);
  const items = (payment.additional_info as { items?: Array<{ title?: unknown }> } | null | undefined)?.items ?? [];
  return {
    record,
    facts: {
      on: 'payment', status: record.status, topic, amount: record.amount !== null && Number.isFinite(record.amount) ? record.amount : null,
      currency: record.currency, externalReference: record.externalReference,
      texts: [record.description ?? '', ...items.map((item) => (typeof item.title === 'string' ? item.title : ''))].filter(Boolean),
    },
    values: {
      'payment.id': String(payment.id), 'payment.status': record.status, 'payment.status_detail': payment.status_detail,
      'payment.transaction_amount': payment.transaction_amount === null || payment.transaction_amount === undefined ? null : String(payment.transaction_amount),
      'payment.currency_id': payment.currency_id, 'payment.date_created': payment.date_created, 'payment.date_approved': payment.date_approved,
      'payment.date_last_updated': payment.date_last_updated, 'payment.external_reference': payment.external_reference,
      'payment.description': payment.description, 'payment.payer.email': payment.payer?.email, 'event.topic': topic,
    },
    contact: {
      metadataContactId: payment.metadata?.ghl_contact_id, status: record.status,
      email: payment.payer?.email, firstName: payment.payer?.first_name, lastName: payment.payer?.last_name,
    },
  };
}

/** An Orders API status in the Payments API's words, so that one set of rules serves both. */
export function toPaymentStatus(orderStatus: string): string {
  const status = orderStatus.trim().toLowerCase();
  if (status === 'processed') return 'approved';
  if (status === 'created' || status === 'processing' || status === 'action_required') return 'pending';
  if (status === 'cancelled' || status === 'canceled' || status === 'expired') return 'cancelled';
  if (status === 'failed') return 'rejected';
  return status; // refunded, charged_back …
}

function readOrder(order: MpOrder, topic: string): PaymentReading {
  const extra = order as MpOrder & { created_date?: unknown; last_updated_date?: unknown; description?: unknown };
  const text = (v: unknown, max: number) => (typeof v === 'string' ? cleanText(v, max) : null);
  const amount = order.total_amount === null || order.total_amount === undefined ? null : Number(order.total_amount);
  const status = toPaymentStatus(order.status);
  const record: PaymentRecord = {
    mpPaymentId: String(order.id), status, statusDetail: cleanText(order.status_detail ?? order.status, 128),
    amount: amount !== null && Number.isFinite(amount) ? amount : null, currency: cleanText(order.currency, 8), description: text(extra.description, 512),
    externalReference: cleanText(order.external_reference, 256), payerEmail: cleanText(order.payer?.email, 320),
    dateCreated: text(extra.created_date, 40), dateApproved: status === 'approved' ? text(extra.last_updated_date, 40) : null,
    dateLastUpdated: text(extra.last_updated_date, 40), raw: JSON.stringify(order),
  };
  return {
    record,
    facts: { on: 'payment', status, topic, amount: record.amount, currency: record.currency, externalReference: record.externalReference, texts: [record.description ?? ''].filter(Boolean) },
    values: {
      'payment.id': record.mpPaymentId, 'payment.status': status, 'payment.status_detail': record.statusDetail,
      'payment.transaction_amount': record.amount === null ? null : String(record.amount), 'payment.currency_id': record.currency,
      'payment.date_created': record.dateCreated, 'payment.date_approved': record.dateApproved, 'payment.date_last_updated': record.dateLastUpdated,
      'payment.external_reference': record.externalReference, 'payment.description': record.description, 'payment.payer.email': record.payerEmail,
      'event.topic': topic,
    },
    // the Orders API names the payer's email whatever the status
    contact: { metadataContactId: null, status: 'approved', email: order.payer?.email, firstName: null, lastName: null },
  };
}

/** `payment 1 approved → contact c1: add tags pago-aprobado; remove tags pago-pendiente (already done)`. */
function describeOutcomes(label: string, outcomes: readonly ActionOutcome[], contactId: string): string {
  const parts = outcomes.map((o) => `${o.description}${o.result === 'already-applied' ? ' (already done)' : ''}`);
  return `${label} → contact ${contactId}: ${parts.join('; ')}`;
}
