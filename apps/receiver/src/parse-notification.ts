import { randomUUID } from 'node:crypto';
import type { EventSource, NewEvent } from '@ghl-payments/store';
import { flattenQuery } from './flatten-query';
import { normalizeTopic } from './normalize-topic';
import { parseJsonBody } from './parse-json-body';
import { pickStoredHeaders } from './pick-headers';
import { toPayloadText, toSafeText } from './safe-text';

/** The parts of a `POST /webhooks/mp` request a notification is read from. */
export interface NotificationRequest {
  query: unknown;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  contentType: string | undefined;
}

/** Why a request is not a notification we can store. */
export interface NotificationRejection {
  status: 400;
  error: string;
}

/**
 * A notification ready for the signature check: the event to store plus what the check compares with the signed
 * fields. Pass it through `checkNotificationSignature`, which gives back the plain event to store.
 */
export interface ParsedNotification extends NewEvent {
  /** `data.id` from the body as text (null when absent): a signed notification's must equal the signed query `data.id`. */
  bodyDataId: string | null;
}

export interface ParseOptions {
  /** Makes the random part of keyless dedup keys (default: crypto.randomUUID). */
  randomId?: () => string;
}

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,128}$/;
const TOPIC = /^[A-Za-z0-9_.-]{1,64}$/;
const MERCHANT_ORDER_WH = 'topic_merchant_order_wh';

/**
 * Where the topics MercadoPago sends without `data.id` name their resource (source: MercadoPago's "Additional
 * information about notifications"): a fraud alert names its payment in `data.payment_id` (its top-level `id` repeats
 * that payment id, so it is no notification id), a Card Updater notification its customer in `data.customer_id`.
 */
const RESOURCE_WITHOUT_DATA_ID: Record<string, { field: string; topLevelIdIsResource: boolean }> = {
  stop_delivery_op_wh: { field: 'payment_id', topLevelIdIsResource: true },
  delivery_cancellation: { field: 'payment_id', topLevelIdIsResource: true },
  'automatic-payments': { field: 'customer_id', topLevelIdIsResource: false },
  topic_card_id_wh: { field: 'customer_id', topLevelIdIsResource: false },
};

type JsonObject = Record<string, unknown>;

interface Fields {
  source: EventSource;
  rawType: string | undefined;
  resourceId: string | undefined;
  /** True when the resource id came from `data.id` (query or body). */
  fromDataId: boolean;
  /** `data.id` from the body, as text. */
  bodyDataId: string | undefined;
  notificationId: string | undefined;
  action: string | undefined;
}

/** True when parseNotification refused the request. */
export function isNotificationRejection(result: ParsedNotification | NotificationRejection): result is NotificationRejection {
  return 'error' in result;
}

/**
 * Turns a MercadoPago notification (Webhooks or IPN format) into the event to store, or a 400 rejection.
 * Pure apart from the random id. The signature state is `unsigned` only for a pure IPN (nothing in it can be signed)
 * and `unchecked` for everything else, an IPN-looking request with any Webhooks trait included: those must pass the
 * signature check (`checkNotificationSignature` sets `valid` and the final dedup key).
 */
export function parseNotification(request: NotificationRequest, options: ParseOptions = {}): ParsedNotification | NotificationRejection {
  const bodyText = request.rawBody.toString('utf8'); // decoded once, for the JSON and for the stored payload
  const body = parseJsonBody(bodyText, request.contentType);
  if (!body.ok) return reject(body.error);
  const query = flattenQuery(request.query);
  const bodyObject = asObject(body.value);
  const fields = readFields(query, bodyObject);
  if (!fields) return reject('not a MercadoPago notification: no topic or type');
  if (fields.rawType === undefined || !TOPIC.test(fields.rawType)) return reject('missing or invalid topic/type');
  if (fields.resourceId === undefined) return reject('no resource id (data.id or id) in the notification');
  if (!RESOURCE_ID.test(fields.resourceId)) return reject('invalid resource id');

  const topic = normalizeTopic(fields.rawType);
  const notificationId = fields.notificationId !== undefined && RESOURCE_ID.test(fields.notificationId) ? fields.notificationId : null;
  const keyed = fields.source === 'webhook' && notificationId !== null && fields.fromDataId;
  const pendingKey = keyed ? null : `${fields.source}:${topic}:${fields.resourceId}`;
  const headers = pickStoredHeaders(request.headers);
  return {
    dedupKey: keyed ? `webhook:${topic}:${notificationId}` : `${pendingKey}:${(options.randomId ?? randomUUID)()}`,
    pendingKey,
    source: fields.source,
    topic,
    rawType: fields.rawType,
    action: fields.action ?? null,
    resourceId: fields.resourceId,
    notificationId: keyed ? notificationId : null,
    requestId: toSafeText(headers['x-request-id'], 128) ?? null,
    signature: fields.source === 'ipn' && !hasWebhookTraits(query, bodyObject) ? 'unsigned' : 'unchecked',
    payload: toPayloadText(bodyText),
    headers,
    query,
    bodyDataId: fields.bodyDataId ?? null,
  };
}

/**
 * True when the request carries anything of the Webhooks format: `data.id` or `type` in the query, a `data` object or
 * a `type` in the body. Such a request is held to the signature check even when a query `topic` makes it read as IPN:
 * otherwise adding `&topic=payment&id=N` to a forged Webhooks request would skip the check. An `x-signature` header is
 * not a trait: MercadoPago may send one on IPN that cannot be verified, and a forger would simply leave it out.
 */
function hasWebhookTraits(query: Record<string, string>, body: JsonObject | undefined): boolean {
  return present(query['data.id']) !== undefined || present(query.type) !== undefined
    || asObject(field(body, 'data')) !== undefined || typeof field(body, 'type') === 'string';
}

/** Decides the format (query `topic` → IPN; `data.id`/`type` in the query or `type` in the body → Webhooks) and reads its fields. */
function readFields(query: Record<string, string>, body: JsonObject | undefined): Fields | undefined {
  if (present(query.topic) !== undefined) return readIpn(query, body);
  if (present(query['data.id']) !== undefined || present(query.type) !== undefined || typeof field(body, 'type') === 'string') {
    return readWebhook(query, body);
  }
  if (field(body, 'topic') !== undefined || field(body, 'resource') !== undefined) return readIpn(query, body);
  return undefined;
}

function readWebhook(query: Record<string, string>, body: JsonObject | undefined): Fields {
  const rawType = present(query.type) ?? present(asString(field(body, 'type')));
  const data = asObject(field(body, 'data'));
  const bodyDataId = idOf(field(data, 'id'));
  const dataId = present(query['data.id']) ?? bodyDataId;
  const isMerchantOrderWh = rawType === MERCHANT_ORDER_WH;
  const topLevelId = idOf(field(body, 'id'));
  const withoutDataId = rawType !== undefined && Object.hasOwn(RESOURCE_WITHOUT_DATA_ID, rawType) ? RESOURCE_WITHOUT_DATA_ID[rawType] : undefined;
  const namedInData = withoutDataId ? idOf(field(data, withoutDataId.field)) : undefined;
  return {
    source: 'webhook',
    rawType,
    resourceId: dataId ?? (isMerchantOrderWh ? topLevelId : undefined) ?? present(query.id) ?? namedInData,
    fromDataId: dataId !== undefined,
    bodyDataId,
    notificationId: isMerchantOrderWh || withoutDataId?.topLevelIdIsResource ? undefined : topLevelId,
    action: toSafeText(field(body, 'action'), 128),
  };
}

function readIpn(query: Record<string, string>, body: JsonObject | undefined): Fields {
  const bodyDataId = idOf(field(asObject(field(body, 'data')), 'id'));
  return {
    source: 'ipn',
    rawType: present(query.topic) ?? present(asString(field(body, 'topic'))),
    resourceId: present(query.id)
      ?? lastPathSegment(field(body, 'resource'))
      ?? idOf(field(body, 'id'))
      ?? bodyDataId,
    fromDataId: false,
    bodyDataId,
    notificationId: undefined,
    action: undefined,
  };
}

/** `https://api.mercadolibre.com/merchant_orders/26262399173` → `26262399173`; a bare id is returned as is. */
function lastPathSegment(resource: unknown): string | undefined {
  if (typeof resource === 'number') return idOf(resource);
  if (typeof resource !== 'string') return undefined;
  const path = resource.trim().split(/[?#]/)[0];
  return present(path.split('/').filter(Boolean).pop());
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return present(asString(value));
}

function field(obj: JsonObject | undefined, key: string): unknown {
  return obj && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function reject(error: string): NotificationRejection {
  return { status: 400, error };
}
