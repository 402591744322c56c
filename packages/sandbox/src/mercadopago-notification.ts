import { createHmac, randomInt, randomUUID } from 'node:crypto';
import type { MercadoPagoOrder } from './mercadopago-order';

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
  /** Default: `payment.updated` for payments, `order.processed` for orders, `updated` for subscriptions, `update` otherwise. */
  action?: string;
  /** MP_WEBHOOK_SECRET: adds `x-signature` when given. */
  secret?: string;
  /** Default: a fresh UUID (MercadoPago sends a new one with every delivery). */
  requestId?: string;
  /** Signature time in epoch milliseconds (default now). */
  ts?: number;
  /** Redelivery number, sent as `x-retry` (MercadoPago's retries carry it). */
  retry?: number;
  /** The account the notification is about (`user_id`); default 123456789, the fake's default account (FAKE_MP_USER_ID). */
  userId?: number;
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
  return {
    query: { 'data.id': dataId, type: input.type },
    headers,
    body: {
      action: input.action ?? DEFAULT_ACTIONS[input.type] ?? 'update',
      api_version: 'v1',
      data: { id: dataId },
      date_created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      // merchant-order webhooks carry the order id as their top-level id
      id: input.notificationId ?? (input.type === 'topic_merchant_order_wh' ? dataId : newNotificationId()),
      live_mode: false,
      type: input.type,
      user_id: input.userId ?? DEFAULT_USER_ID,
      ...input.extra,
    },
  };
}

/** FAKE_MP_USER_ID, repeated here so building a notification does not load the fake server. */
const DEFAULT_USER_ID = 123456789;

/**
 * The action each topic's notifications usually carry. Sources: the notifications guide's payment example
 * (`payment.created` / `payment.updated`), the Orders API guides (`order.processed`, `order.action_required`, …);
 * the subscription and chargeback actions are not documented and the receiver never relies on them.
 */
const DEFAULT_ACTIONS: Readonly<Record<string, string>> = {
  payment: 'payment.updated',
  order: 'order.processed',
  subscription_preapproval: 'updated',
  subscription_authorized_payment: 'created',
  topic_chargebacks_wh: 'created',
};

/** Options of the per-topic builders: everything of a Webhooks notification but its type and resource id. */
export type TopicNotificationOptions = Omit<WebhookNotificationInput, 'type' | 'dataId'>;

/** A chargeback notification (`type: topic_chargebacks_wh`, `data.id` the chargeback's id). */
export function buildChargebackNotification(chargebackId: number | string, options: TopicNotificationOptions = {}): MercadoPagoNotification {
  return buildWebhookNotification({ ...options, type: 'topic_chargebacks_wh', dataId: chargebackId });
}

/** A subscription notification (`type: subscription_preapproval`, `data.id` the preapproval's id). */
export function buildPreapprovalNotification(preapprovalId: string, options: TopicNotificationOptions = {}): MercadoPagoNotification {
  return buildWebhookNotification({ ...options, type: 'subscription_preapproval', dataId: preapprovalId });
}

/** A subscription charge notification (`type: subscription_authorized_payment`, `data.id` the authorized payment's id). */
export function buildAuthorizedPaymentNotification(authorizedPaymentId: number | string, options: TopicNotificationOptions = {}): MercadoPagoNotification {
  return buildWebhookNotification({ ...options, type: 'subscription_authorized_payment', dataId: authorizedPaymentId });
}

/** Order status → the action its notification carries (`order.canceled` is spelled with one l, as in the Orders API guides). */
const ORDER_ACTIONS: Readonly<Record<string, string>> = {
  processed: 'order.processed', action_required: 'order.action_required', cancelled: 'order.canceled',
  expired: 'order.expired', failed: 'order.failed', refunded: 'order.refunded',
};

/**
 * An Orders API notification: `?data.id=ORD01…&type=order`, a body whose `data` summarises the order (id, status,
 * external_reference, totals, transactions.payments) and, unlike payment notifications, no top-level `id`. Source: the
 * Orders API guides' webhook examples (QR and online orders). Give `notificationId` to add a top-level id anyway.
 */
export function buildOrderNotification(order: Pick<MercadoPagoOrder, 'id'> & Partial<MercadoPagoOrder>, options: TopicNotificationOptions = {}): MercadoPagoNotification {
  const data: Record<string, unknown> = { id: order.id };
  for (const key of ['external_reference', 'status', 'status_detail', 'total_amount', 'total_paid_amount', 'transactions', 'type'] as const) {
    if (order[key] !== undefined) data[key] = order[key];
  }
  data.version = 1;
  const notification = buildWebhookNotification({
    ...options, type: 'order', dataId: order.id,
    action: options.action ?? (order.status ? ORDER_ACTIONS[order.status] : undefined) ?? 'order.processed',
    extra: { application_id: '1234567890123456', data, ...options.extra },
  });
  if (options.notificationId === undefined) delete notification.body.id;
  return notification;
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
