import express, { ErrorRequestHandler, Request, Response } from 'express';
import type { Config, Logger } from '@ghl-payments/core';
import type { AccountDirectory, InsertResult } from '@ghl-payments/store';
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
  /** The accounts of an agency deployment (`POST /webhooks/mp/:account`); without it only the default account exists. */
  accounts?: AccountDirectory;
}

/** Whose notification this is: the default account (the environment's settings), or a stored account's slug and secrets. */
interface Recipient {
  account?: string;
  mercadopago: Config['mercadopago'];
}

/**
 * `POST /webhooks/mp`: validates, verifies and persists a MercadoPago notification before answering 200. The routes
 * go straight onto the app, not into a nested Router: one router walk per notification instead of two.
 */
export function mountWebhooksMp(app: express.Express, deps: WebhooksMpDeps): void {
  const rawBody = express.raw({ type: () => true, limit: deps.config.receiver.bodyLimitBytes });
  const byDefault: Recipient = { mercadopago: deps.config.mercadopago };
  app.post('/webhooks/mp', rawBody, (req, res) => receiveNotification(deps, byDefault, req, res));
  app.post('/webhooks/mp/:account', rawBody, (req, res) => receiveForAccount(deps, req, res));
  const unreadable: ErrorRequestHandler = (err, _req, _res, next) => {
    report(deps, null, 'rejected'); // the body could not be read (too large, bad encoding, aborted)
    next(err);
  };
  app.use('/webhooks/mp', unreadable);
  app.all(['/webhooks/mp', '/webhooks/mp/:account'], (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
}

/**
 * `POST /webhooks/mp/:account`: an unknown or disabled account answers 404 and stores nothing (counted as rejected,
 * so the operator sees it); a known one is received like the default account's, checked against its own secrets.
 */
async function receiveForAccount(deps: WebhooksMpDeps, req: Request, res: Response): Promise<void> {
  const slug = String(req.params.account);
  let found;
  try {
    found = deps.accounts ? await deps.accounts.findEnabled(slug) : null;
  } catch (err) {
    deps.logger.error('notification not stored: its account could not be read', { account: slug, error: (err as Error).message });
    report(deps, null, 'unavailable', undefined, 'unknown');
    sendUnavailable(res, 'account unavailable, retry later');
    return;
  }
  if (!found) {
    deps.logger.warn('notification refused: no enabled account has this slug', { account: slug.slice(0, 64), ip: req.ip });
    report(deps, null, 'rejected', 'unknown-account', 'unknown');
    res.status(404).json({ error: 'unknown account' });
    return;
  }
  const mercadopago = { ...deps.config.mercadopago, webhookSecrets: found.mpWebhookSecrets, webhookSecret: found.mpWebhookSecrets[0] };
  await receiveNotification(deps, { account: found.slug, mercadopago }, req, res);
}

async function receiveNotification(deps: WebhooksMpDeps, recipient: Recipient, req: Request, res: Response): Promise<void> {
  const { logger } = deps;
  const parsed = parseNotification({
    query: req.query,
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    contentType: req.get('content-type'),
  });
  if (isNotificationRejection(parsed)) {
    logger.warn('notification rejected', { reason: parsed.error, requestId: req.get('x-request-id') });
    report(deps, null, 'rejected', undefined, recipient.account);
    res.status(parsed.status).json({ error: parsed.error });
    return;
  }
  const check = checkNotificationSignature({
    event: parsed,
    signatureHeader: req.get('x-signature'),
    requestId: req.get('x-request-id'),
    config: recipient.mercadopago,
    now: deps.now(),
  });
  if (!check.ok) {
    logger.warn(`notification refused: ${check.refusal}`, {
      ...(recipient.account ? { account: recipient.account } : {}), reason: check.reason, topic: parsed.topic, resourceId: parsed.resourceId, requestId: parsed.requestId, ip: req.ip,
    });
    report(deps, parsed.topic, 'rejected', check.refusal === 'bad signature' ? 'bad-signature' : undefined, recipient.account);
    res.status(check.status).json({ error: check.error });
    return;
  }
  const event = recipient.account ? { ...check.event, account: recipient.account } : check.event;
  if (!deps.isDatabaseReady()) {
    logger.error('notification not stored: database schema not ready', { topic: parsed.topic, resourceId: parsed.resourceId });
    report(deps, parsed.topic, 'unavailable', undefined, recipient.account);
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
    report(deps, parsed.topic, 'unavailable', undefined, recipient.account);
    sendUnavailable(res, 'database unavailable, retry later');
    return;
  }
  // answered first: the row is committed, and MercadoPago need not wait for the log line
  res.status(200).json({ status: result.duplicate ? 'duplicate' : 'received', id: result.id });
  report(deps, parsed.topic, result.duplicate ? 'duplicate' : 'received', undefined, recipient.account);
  logger.info('notification received', {
    ...(recipient.account ? { account: recipient.account } : {}), eventId: result.id, topic: parsed.topic, resourceId: parsed.resourceId, source: parsed.source, signature: event.signature, duplicate: result.duplicate,
  });
}

/** Tells the hooks (metrics) what became of a notification; a failing hook never affects the answer. */
function report(deps: WebhooksMpDeps, topic: string | null, outcome: NotificationOutcome, refusal?: NotificationRefusal, account?: string): void {
  try {
    deps.hooks?.onNotification?.({ topic, outcome, ...(refusal ? { refusal } : {}), ...(account ? { account } : {}) });
  } catch {
    // observers must not break the receiver
  }
}
