import { PermanentError } from '@ghl-payments/core';
import type { WebhookEvent } from '@ghl-payments/store';
import { cleanText } from './map-mp-payment';
import type { MpPreapproval } from './mercadopago-schemas';
import type { ProcessContext, ProcessOutcome } from './process-types';
import { matchRules, RuleFacts } from './rules/match-rules';
import type { TemplateValues } from './rules/render-template';
import { rulesOf } from './rules/rules-of';
import { runRuleActions } from './rules/run-rule-actions';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A subscription (preapproval) notification: reads the subscription, records it with its status round, and runs the
 * rules `on: subscription` that match its status (authorized, paused, cancelled …) on its contact: the one stored for
 * it, else the contact of a payment registered with its external reference, else the payer's email (the contact cache,
 * then an upsert).
 */
export async function processSubscription(preapprovalId: string, event: WebhookEvent, ctx: ProcessContext): Promise<ProcessOutcome> {
  const preapproval = await ctx.clients.mercadopago.getPreapproval(preapprovalId);
  const status = preapproval.status.trim().toLowerCase();
  const amount = preapproval.auto_recurring?.transaction_amount;
  const state = await ctx.store.recordSubscriptionState({
    mpPreapprovalId: String(preapproval.id), status, reason: cleanText(preapproval.reason, 512),
    externalReference: cleanText(preapproval.external_reference, 256), payerEmail: cleanText(preapproval.payer_email, 320),
    amount: amount === null || amount === undefined ? null : Number(amount), currency: cleanText(preapproval.auto_recurring?.currency_id, 8),
    lastModified: cleanText(preapproval.last_modified, 40), raw: JSON.stringify(preapproval),
  }, event.id, ctx.now());
  const label = `subscription ${preapproval.id} ${status}`;
  if (state.stale) return { status: 'success', paymentId: null, summary: `${label}: MercadoPago answered an older state than the one recorded; nothing to do` };
  const rules = matchRules(rulesOf(ctx), subscriptionFacts(preapproval, status, event.topic));
  if (rules.length === 0) return { status: 'success', paymentId: null, summary: `${label} → no rule for subscription status ${status}` };

  let contactId = state.subscription.ghlContactId;
  if (!contactId && state.subscription.externalReference) contactId = await ctx.store.findContactIdByExternalReference(state.subscription.externalReference);
  if (!contactId) {
    const email = state.subscription.payerEmail;
    if (!email) {
      return { status: 'ignored', paymentId: null, reason: `${label}: the subscription has no payer email and no external_reference of a registered payment, so its contact is unknown` };
    }
    if (!EMAIL.test(email)) throw new PermanentError(`${label}: the payer email is not a valid address`);
    const locationId = ctx.config.ghl.locationId;
    contactId = locationId ? await ctx.store.findCachedContact(locationId, email) : null;
    if (!contactId) {
      contactId = await ctx.clients.ghl.upsertContact({ email });
      if (locationId) await ctx.store.rememberContact(locationId, email, contactId, ctx.now());
    }
  }
  if (contactId !== state.subscription.ghlContactId) await ctx.store.setSubscriptionContact(state.subscription.id, contactId, ctx.now());
  const outcomes = await runRuleActions(rules, {
    subject: `subscription:${preapproval.id}`, status, round: state.round, contactId, values: subscriptionValues(preapproval, status, event.topic),
  }, event, ctx);
  const parts = outcomes.map((o) => `${o.description}${o.result === 'already-applied' ? ' (already done)' : ''}`);
  return { status: 'success', paymentId: null, summary: `${label} → contact ${contactId}: ${parts.join('; ')}` };
}

function subscriptionFacts(p: MpPreapproval, status: string, topic: string): RuleFacts {
  const amount = p.auto_recurring?.transaction_amount;
  const value = amount === null || amount === undefined ? null : Number(amount);
  return {
    on: 'subscription', status, topic, amount: value !== null && Number.isFinite(value) ? value : null,
    currency: p.auto_recurring?.currency_id ?? null, externalReference: p.external_reference ?? null, texts: [p.reason ?? ''].filter(Boolean),
  };
}

function subscriptionValues(p: MpPreapproval, status: string, topic: string): TemplateValues {
  const amount = p.auto_recurring?.transaction_amount;
  return {
    'subscription.id': String(p.id), 'subscription.status': status, 'subscription.reason': p.reason,
    'subscription.external_reference': p.external_reference, 'subscription.payer_email': p.payer_email,
    'subscription.transaction_amount': amount === null || amount === undefined ? null : String(amount),
    'subscription.currency_id': p.auto_recurring?.currency_id, 'event.topic': topic,
  };
}
