import express, { Request, Response } from 'express';
import type { Config, Logger } from '@ghl-payments/core';
import { Database, insertEvent } from '@ghl-payments/store';
import { checkNotificationSignature } from '../check-notification-signature';
import { isNotificationRejection, parseNotification } from '../parse-notification';
import { sendUnavailable } from '../send-unavailable';

export interface WebhooksMpDeps {
  db: Database;
  config: Config;
  logger: Logger;
  now: () => number;
  isDatabaseReady: () => boolean;
}

/** `POST /webhooks/mp`: validates, verifies and persists a MercadoPago notification before answering 200. */
export function createWebhooksMpRouter(deps: WebhooksMpDeps): express.Router {
  const router = express.Router();
  const rawBody = express.raw({ type: () => true, limit: deps.config.receiver.bodyLimitBytes });
  router.post('/webhooks/mp', rawBody, (req, res) => receiveNotification(deps, req, res));
  router.all('/webhooks/mp', (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
  return router;
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
    logger.warn('notification refused: bad signature', {
      reason: check.reason, topic: parsed.topic, resourceId: parsed.resourceId, requestId: parsed.requestId, ip: req.ip,
    });
    res.status(401).json({ error: 'invalid or missing x-signature' });
    return;
  }
  if (!deps.isDatabaseReady()) {
    logger.error('notification not stored: database schema not ready', { topic: parsed.topic, resourceId: parsed.resourceId });
    sendUnavailable(res, 'database unavailable, retry later');
    return;
  }
  try {
    const result = await insertEvent(deps.db, { ...parsed, signature: check.signature }, deps.now());
    logger.info('notification received', {
      eventId: result.id, topic: parsed.topic, resourceId: parsed.resourceId, source: parsed.source, duplicate: result.duplicate,
    });
    res.status(200).json({ status: result.duplicate ? 'duplicate' : 'received', id: result.id });
  } catch (err) {
    logger.error('notification not stored: database error', {
      error: (err as Error).message, topic: parsed.topic, resourceId: parsed.resourceId,
    });
    sendUnavailable(res, 'database unavailable, retry later');
  }
}
