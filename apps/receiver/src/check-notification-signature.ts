import { createHash } from 'node:crypto';
import type { Config } from '@ghl-payments/core';
import type { NewEvent } from '@ghl-payments/store';
import type { ParsedNotification } from './parse-notification';
import { parseSignatureHeader, verifyMpSignature } from './verify-signature';

/**
 * The event to store (signature state and dedup key final), or why the request is refused: `refusal` and `reason` are
 * for the log, `error` for the answer (a bad signature is not explained to the sender).
 */
export type SignatureCheck =
  | { ok: true; event: NewEvent }
  | { ok: false; status: 400 | 401; refusal: string; reason: string; error: string };

export interface SignatureCheckInput {
  event: ParsedNotification;
  signatureHeader: string | undefined;
  requestId: string | undefined;
  config: Config['mercadopago'];
  now: number;
}

/**
 * Topics MercadoPago sends without any `data.id` (their manifest is then `request-id:…;ts:…;` alone): the merchant
 * order webhook names its order in the top-level `id`, a fraud alert its payment in `data.payment_id`, a card update
 * its customer in `data.customer_id` (parse-notification.ts). Sources: MercadoPago's notifications guide, "Additional
 * information about notifications" (fraud alerts, Card Updater).
 */
const SIGNED_WITHOUT_DATA_ID = new Set(['topic_merchant_order_wh', 'stop_delivery_op_wh', 'delivery_cancellation', 'automatic-payments', 'topic_card_id_wh']);
const PLAIN_KEY_PART = /^[A-Za-z0-9._:-]{1,128}$/;
const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const BAD_SIGNATURE = 'invalid or missing x-signature';

/**
 * Applies the signature policy. Without MP_WEBHOOK_SECRET nothing is checked (`unchecked`, or `unsigned` for a pure
 * IPN). With it, everything but a pure IPN must carry an x-signature valid for one of its secrets, must name the
 * resource the signature covers (the query's `data.id`), and is keyed on what the signature covers as well; a pure IPN
 * is accepted `unsigned` only while MP_ACCEPT_UNSIGNED_IPN is true. A signature missing or valid for no secret gets
 * 401, or, with MP_UNVERIFIED_NOTIFICATIONS=accept, is stored `unverified` under the keys parsing gave it (nothing
 * signed to bind it to): safe, since the worker reads the resource from MercadoPago and never trusts the body.
 */
export function checkNotificationSignature(input: SignatureCheckInput): SignatureCheck {
  const { bodyDataId: _bodyDataId, ...event } = input.event;
  const secrets = input.config.webhookSecrets;
  if (event.signature === 'unsigned') {
    if (secrets.length > 0 && !input.config.acceptUnsignedIpn) {
      return refuse(401, 'unsigned IPN', 'MP_ACCEPT_UNSIGNED_IPN is false', 'unsigned IPN notifications are not accepted: send Webhooks with x-signature');
    }
    return { ok: true, event };
  }
  if (secrets.length === 0) return { ok: true, event: { ...event, signature: 'unchecked' } };
  const dataId = event.query['data.id'];
  const result = verifyMpSignature({
    signatureHeader: input.signatureHeader,
    requestId: input.requestId,
    dataId,
    secret: secrets,
    toleranceMs: input.config.signatureToleranceMs,
    now: input.now,
  });
  if (!result.ok) {
    if (input.config.unverifiedNotifications === 'accept') return { ok: true, event: { ...event, signature: 'unverified' } };
    return refuse(401, 'bad signature', result.reason, BAD_SIGNATURE);
  }
  const unbound = checkBinding(input.event);
  if (unbound) return refuse(400, 'not what its signature covers', unbound, unbound);
  const signedKey = signedDedupKey(dataId?.trim(), input.requestId, input.signatureHeader);
  // With a notification id, it stays the dedup key: MercadoPago's redeliveries repeat it (with a fresh x-request-id),
  // and the signed pair becomes the pending key, so replays of a signed request with other bodies collapse onto the
  // event that waits. Without one, the signed pair is the dedup key: each signed request is stored once, ever.
  const keys = event.notificationId !== null ? { pendingKey: signedKey } : { dedupKey: signedKey };
  return { ok: true, event: { ...event, signature: 'valid', ...keys } };
}

/**
 * Why a validly signed notification names something its signature does not cover, or undefined. The signature covers
 * the query's `data.id` only: the stored resource and the body's `data.id` must be that id (either casing, as the
 * signature accepts). Only the topics MercadoPago sends without any `data.id` (SIGNED_WITHOUT_DATA_ID) name their
 * resource in the unsigned body; a replay of one is caught by the dedup key instead.
 */
function checkBinding(parsed: ParsedNotification): string | undefined {
  const signed = parsed.query['data.id']?.trim() || undefined;
  const same = (id: string | null) => id === null || (signed !== undefined && id.toLowerCase() === signed.toLowerCase());
  if (signed === undefined) {
    if (parsed.bodyDataId !== null) return 'the body\'s data.id is not covered by the signature: it must also be in the query';
    if (!SIGNED_WITHOUT_DATA_ID.has(parsed.rawType)) return 'a signed notification must carry its data.id in the query';
    return undefined;
  }
  if (!RESOURCE_ID.test(signed)) return 'invalid data.id in the query';
  if (!same(parsed.bodyDataId)) return 'the body\'s data.id does not match the signed data.id in the query';
  if (!same(parsed.resourceId)) return 'the notification names another resource than the signed data.id in the query';
  return undefined;
}

/**
 * The key of a validly signed request, made only of what the signature covers: the query's `data.id` and the
 * `x-request-id` (or, without one, the signed `ts`). Replaying a captured request with another body (another
 * notification id, another type) gives the same key. The topic is left out on purpose: the signature does not cover it.
 */
export function signedDedupKey(dataId: string | undefined, requestId: string | undefined, signatureHeader: string | undefined): string {
  const rid = requestId?.trim();
  const delivery = rid || `ts-${parseSignatureHeader(signatureHeader ?? '').ts ?? ''}`;
  // MercadoPago's request ids are UUIDs; anything else is hashed so the key stays short and printable
  return `webhook:signed:${dataId || '-'}:${PLAIN_KEY_PART.test(delivery) ? delivery : `sha256-${digest(delivery)}`}`;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function refuse(status: 400 | 401, refusal: string, reason: string, error: string): SignatureCheck {
  return { ok: false, status, refusal, reason, error };
}
