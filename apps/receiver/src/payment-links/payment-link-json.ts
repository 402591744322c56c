import type { Response } from 'express';
import { ConfigError, PermanentError, RetryableError, SecretBoxError } from '@ghl-payments/core';
import { describeLinkFailure, PaymentLinkError, PaymentLinkInputError } from '@ghl-payments/pipeline';
import type { PaymentLink } from '@ghl-payments/store';
import { isoTime } from '../api/iso-time';
import { sendJson } from '../api/send-json';

/** A link as the API lists it (`GET /api/payment-links`, `ghl-payments payment-link list --json`). */
export function toPaymentLinkJson(link: PaymentLink): Record<string, unknown> {
  return {
    id: link.id,
    account: link.account,
    state: link.state,
    preference_id: link.preferenceId,
    init_point: link.initPoint,
    contact_id: link.contactId,
    title: link.title,
    amount: link.amount,
    quantity: link.quantity,
    currency: link.currency,
    total: Math.round(link.amount * link.quantity * 100) / 100,
    external_reference: link.externalReference,
    source: link.source,
    expires_at: isoTime(link.expiresAt),
    paid_at: isoTime(link.paidAt),
    mp_payment_id: link.mpPaymentId,
    created_at: isoTime(link.createdAt),
  };
}

/** What creating a link answers (201, or 200 for a workflow call already handled). */
export function toCreatedLinkJson(link: PaymentLink): Record<string, unknown> {
  return {
    id: link.id,
    init_point: link.initPoint,
    external_reference: link.externalReference,
    expires_at: isoTime(link.expiresAt),
    preference_id: link.preferenceId,
  };
}

/**
 * Answers a failure to create a link, or returns false for an error that is not about the link (a bug: the error
 * handler answers 500). A bad field 400; PUBLIC_URL unset 503; an external reference in use, or the same workflow
 * call being handled, 409; an unknown contact 422; MercadoPago or GoHighLevel refusing 502, unreachable 503; the
 * accounts' key 500 naming it.
 */
export function sendLinkError(res: Response, err: unknown, secrets: readonly string[]): boolean {
  if (err instanceof PaymentLinkInputError) {
    sendJson(res, 400, { error: err.message, field: err.field }, secrets);
  } else if (err instanceof PaymentLinkError) {
    const status = { setup: 503, conflict: 409, contact: 422, busy: 409 }[err.kind];
    if (err.kind === 'busy') res.set('Retry-After', '5');
    sendJson(res, status, { error: err.message }, secrets);
  } else if (err instanceof RetryableError) {
    res.set('Retry-After', '30');
    sendJson(res, 503, { error: describeLinkFailure(err) }, secrets);
  } else if (err instanceof PermanentError) {
    sendJson(res, 502, { error: describeLinkFailure(err) }, secrets);
  } else if (err instanceof ConfigError || err instanceof SecretBoxError) {
    sendJson(res, 500, { error: `accounts' secrets key: ${err.message}` }, secrets);
  } else {
    return false;
  }
  return true;
}
