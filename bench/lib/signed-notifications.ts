import { createHmac } from 'node:crypto';

/** The MP_WEBHOOK_SECRET every benchmark receiver is started with, so every notification's signature is verified. */
export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

/** One ready-to-send `POST /webhooks/mp` (what autocannon's setupRequest hands back). */
export interface PreparedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface NotificationSpec {
  /** MercadoPago payment id (`data.id`). */
  paymentId: number | string;
  /** The notification's own id (`id` in the body): the dedup key. */
  notificationId: string;
  /** `x-request-id`. */
  requestId: string;
  /** `ts` of the signature, epoch milliseconds. */
  ts: number;
  secret?: string;
}

/**
 * A Webhooks-format payment notification signed the way MercadoPago signs it and the receiver checks it:
 * `x-signature: ts=<ts>,v1=HMAC-SHA256(secret, "id:<data.id>;request-id:<x-request-id>;ts:<ts>;")`.
 */
export function signedNotification(spec: NotificationSpec): PreparedRequest {
  const dataId = String(spec.paymentId);
  const ts = String(spec.ts);
  const manifest = `id:${dataId};request-id:${spec.requestId};ts:${ts};`;
  const v1 = createHmac('sha256', spec.secret ?? BENCH_WEBHOOK_SECRET).update(manifest).digest('hex');
  const body = JSON.stringify({
    id: spec.notificationId,
    live_mode: false,
    type: 'payment',
    date_created: new Date(spec.ts).toISOString(),
    user_id: 123456789,
    api_version: 'v1',
    action: 'payment.updated',
    data: { id: dataId },
  });
  return {
    method: 'POST',
    path: `/webhooks/mp?data.id=${encodeURIComponent(dataId)}&type=payment`,
    headers: {
      'content-type': 'application/json',
      'x-request-id': spec.requestId,
      'x-signature': `ts=${ts},v1=${v1}`,
      'user-agent': 'MercadoPago WebHook v1.0 payment',
    },
    body,
  };
}

/**
 * `count` distinct signed notifications: notification ids `<prefix>n<i>`, payment ids `firstPaymentId + i`.
 * Precomputed so the load generator spends its time sending, not hashing.
 */
export function signedNotifications(options: { count: number; prefix: string; firstPaymentId: number; ts?: number }): PreparedRequest[] {
  const ts = options.ts ?? Date.now();
  const out: PreparedRequest[] = new Array(options.count);
  for (let i = 0; i < options.count; i += 1) {
    out[i] = signedNotification({
      paymentId: options.firstPaymentId + i,
      notificationId: `${options.prefix}n${i}`,
      requestId: `${options.prefix}-req-${i}`,
      ts,
    });
  }
  return out;
}
