import { createHmac, randomInt, randomUUID } from 'node:crypto';

/** A notification as MercadoPago would POST it to `notification_url`: query, headers and JSON body. */
export interface MercadoPagoNotification {
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** A Webhooks-format notification (`?data.id=…&type=…`, signed when a secret is given). */
export interface WebhookNotificationInput {
  /** `payment`, `topic_merchant_order_wh`, … */
  type: string;
  /** The resource id: `data.id`. */
  dataId: number | string;
  /** The notification's own id (`body.id`); redeliveries repeat it. Default: a fresh random one. */
  notificationId?: number | string;
  /** Default `payment.updated` for payments, `update` otherwise. */
  action?: string;
  /** MP_WEBHOOK_SECRET: adds `x-signature` when given. */
  secret?: string;
  /** Default: a fresh UUID (MercadoPago sends a new one with every delivery). */
  requestId?: string;
  /** Signature time in epoch milliseconds (default now). */
  ts?: number;
  /** Redelivery number, sent as `x-retry` (MercadoPago's retries carry it). */
  retry?: number;
  /** Extra body fields (MercadoPago's notifications carry only ids: the real state is read from the API). */
  extra?: Record<string, unknown>;
}

/** `x-signature` as MercadoPago's SDKs compute it: `ts=<ts>,v1=<HMAC-SHA256 hex of id:<data.id>;request-id:<id>;ts:<ts>;>` (data.id verbatim). */
export function signMercadoPagoNotification(input: { secret: string; dataId: string; requestId: string; ts: number }): string {
  const manifest = `id:${input.dataId};request-id:${input.requestId};ts:${input.ts};`;
  const v1 = createHmac('sha256', input.secret).update(manifest).digest('hex');
  return `ts=${input.ts},v1=${v1}`;
}

/** Builds a Webhooks-format notification, signed like MercadoPago when a secret is given. */
export function buildWebhookNotification(input: WebhookNotificationInput): MercadoPagoNotification {
  const dataId = String(input.dataId);
  const requestId = input.requestId ?? randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': `MercadoPago WebHook v1.0 ${input.type}`,
    'x-request-id': requestId,
  };
  if (input.secret) headers['x-signature'] = signMercadoPagoNotification({ secret: input.secret, dataId, requestId, ts: input.ts ?? Date.now() });
  if (input.retry !== undefined) headers['x-retry'] = String(input.retry);
  const isPayment = input.type === 'payment';
  return {
    query: { 'data.id': dataId, type: input.type },
    headers,
    body: {
      action: input.action ?? (isPayment ? 'payment.updated' : 'update'),
      api_version: 'v1',
      data: { id: dataId },
      date_created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      // merchant-order webhooks carry the order id as their top-level id
      id: input.notificationId ?? (input.type === 'topic_merchant_order_wh' ? dataId : newNotificationId()),
      live_mode: false,
      type: input.type,
      user_id: 123456789,
      ...input.extra,
    },
  };
}

/** Builds a legacy IPN notification (`?topic=payment&id=…`): never signed. */
export function buildIpnNotification(input: { topic: string; id: number | string }): MercadoPagoNotification {
  const id = String(input.id);
  const resource = input.topic === 'merchant_order'
    ? `https://api.mercadolibre.com/merchant_orders/${id}`
    : id;
  return {
    query: { topic: input.topic, id },
    headers: { 'content-type': 'application/json', 'user-agent': 'MercadoPago Feed v2.0 payment' },
    body: { resource, topic: input.topic },
  };
}

/** The receiver's answer to one notification. */
export interface NotificationAnswer {
  status: number;
  /** The parsed JSON body, or undefined when it was not JSON. */
  body: unknown;
  text: string;
}

/** The receiver URL with the notification's query added, e.g. `http://127.0.0.1:8000/webhooks/mp?data.id=123&type=payment`. */
export function notificationUrl(url: string, notification: MercadoPagoNotification): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(notification.query)) target.searchParams.set(key, value);
  return target.toString();
}

/** POSTs a notification to a receiver URL such as `http://127.0.0.1:8000/webhooks/mp` (the notification's query is added). */
export async function sendMercadoPagoNotification(url: string, notification: MercadoPagoNotification, timeoutMs = 10_000): Promise<NotificationAnswer> {
  const response = await fetch(notificationUrl(url, notification), {
    method: 'POST', headers: notification.headers, body: JSON.stringify(notification.body), signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** A notification id in MercadoPago's style: an 11-digit number, as text. */
function newNotificationId(): string {
  return String(randomInt(10_000_000_000, 99_999_999_999));
}
