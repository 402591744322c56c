import express, { ErrorRequestHandler, Request, Response } from 'express';
import type { Config, Logger } from '@ghl-payments/core';
import type { InsertResult } from '@ghl-payments/store';
import { checkNotificationSignature } from '../check-notification-signature';
import type { InsertNotification } from '../insert-batcher';
import type { StoreHealth } from '../store-health';
import { isNotificationRejection, parseNotification } from '../parse-notification';
import type { NotificationOutcome, NotificationRefusal, ReceiverHooks } from '../receiver-hooks';
import { sendUnavailable } from '../send-unavailable';

export interface WebhooksMpDeps {
  /** Stores one notification (see insert-batcher.ts); resolves once its row is committed. */
  insertNotification: InsertNotification;
  /** Told what each insert did, so `/healthz` reflects real writes between its probes. */
  storeHealth: Pick<StoreHealth, 'record'>;
  config: Config;
  logger: Logger;
  now: () => number;
  isDatabaseReady: () => boolean;
  hooks?: ReceiverHooks;
}

/**
 * `POST /webhooks/mp`: validates, verifies and persists a MercadoPago notification before answering 200. The routes
 * go straight onto the app, not into a nested Router: one router walk per notification instead of two.
 */
export function mountWebhooksMp(app: express.Express, deps: WebhooksMpDeps): void {
  const rawBody = express.raw({ type: () => true, limit: deps.config.receiver.bodyLimitBytes });
  app.post('/webhooks/mp', rawBody, (req, res) => receiveNotification(deps, req, res));
  const unreadable: ErrorRequestHandler = (err, _req, _res, next) => {
    report(deps, null, 'rejected'); // the body could not be read (too large, bad encoding, aborted)
    next(err);
  };
  app.use('/webhooks/mp', unreadable);
  app.all('/webhooks/mp', (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
}

async function receiveNotification(deps: WebhooksMpDeps, req: Request, res: Response): Promise<void> {
  const { logger } = deps;
  const parsed = parseNotification({
    query: req.query,
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    contentType: req.get('content-type'),
  });
  if (isNotificationRejection(parsed)) {
    logger.warn('notification rejected', { reason: parsed.error, requestId: req.get('x-request-id') });
    report(deps, null, 'rejected');
    res.status(parsed.status).json({ error: parsed.error });
    return;
  }
  const check = checkNotificationSignature({
    event: parsed,
    signatureHeader: req.get('x-signature'),
    requestId: req.get('x-request-id'),
    config: deps.config.mercadopago,
    now: deps.now(),
  });
  if (!check.ok) {
    logger.warn(`notification refused: ${check.refusal}`, {
      reason: check.reason, topic: parsed.topic, resourceId: parsed.resourceId, requestId: parsed.requestId, ip: req.ip,
    });
    report(deps, parsed.topic, 'rejected', check.refusal === 'bad signature' ? 'bad-signature' : undefined);
    res.status(check.status).json({ error: check.error });
    return;
  }
  const event = check.event;
  if (!deps.isDatabaseReady()) {
    logger.error('notification not stored: database schema not ready', { topic: parsed.topic, resourceId: parsed.resourceId });
    report(deps, parsed.topic, 'unavailable');
    sendUnavailable(res, 'database unavailable, retry later');
    return;
  }
  let result: InsertResult;
  try {
    result = await deps.insertNotification(event, deps.now());
    deps.storeHealth.record(true);
  } catch (err) {
    deps.storeHealth.record(false, (err as Error).message);
    logger.error('notification not stored: database error', {
      error: (err as Error).message, topic: parsed.topic, resourceId: parsed.resourceId,
    });
    report(deps, parsed.topic, 'unavailable');
    sendUnavailable(res, 'database unavailable, retry later');
    return;
  }
  // answered first: the row is committed, and MercadoPago need not wait for the log line
  res.status(200).json({ status: result.duplicate ? 'duplicate' : 'received', id: result.id });
  report(deps, parsed.topic, result.duplicate ? 'duplicate' : 'received');
  logger.info('notification received', {
    eventId: result.id, topic: parsed.topic, resourceId: parsed.resourceId, source: parsed.source, signature: event.signature, duplicate: result.duplicate,
  });
}

/** Tells the hooks (metrics) what became of a notification; a failing hook never affects the answer. */
function report(deps: WebhooksMpDeps, topic: string | null, outcome: NotificationOutcome, refusal?: NotificationRefusal): void {
  try {
    deps.hooks?.onNotification?.(refusal ? { topic, outcome, refusal } : { topic, outcome });
  } catch {
    // observers must not break the receiver
  }
}
