import { createHash } from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import { Config, listSecrets, Logger } from '@ghl-payments/core';
import { createPaymentLink, deliverPaymentLink, parsePaymentLinkRequest, PaymentLinkInputError, PaymentLinkRequest } from '@ghl-payments/pipeline';
import { AccountDirectory, DEFAULT_ACCOUNT, Store } from '@ghl-payments/store';
import { sendJson } from '../api/send-json';
import { tokensMatch } from '../auth/tokens-match';
import { createPaymentLinkRuntimes, isRuntimeMissing, PaymentLinkRuntime, PaymentLinkRuntimes } from '../payment-links/link-runtimes';
import { sendLinkError, toCreatedLinkJson } from '../payment-links/payment-link-json';
import { sendUnavailable } from '../send-unavailable';

export interface WebhooksGhlDeps {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => number;
  isDatabaseReady: () => boolean;
  /** Stored accounts (`/webhooks/ghl/payment-link/:account`); without it only the default account exists. */
  accounts?: AccountDirectory;
  /** Each account's clients; built on first use when not given. */
  runtimes?: PaymentLinkRuntimes;
}

/** The header a workflow's Custom Webhook action sends the secret in (or `?secret=` in the URL). */
export const WORKFLOW_SECRET_HEADER = 'x-ghl-payments-secret';
const BODY_LIMIT = '32kb';

/**
 * `POST /webhooks/ghl/payment-link` (the default account) and `/webhooks/ghl/payment-link/:account`: a GoHighLevel
 * workflow's Webhook or Custom Webhook action asks for a MercadoPago payment link for the contact it runs on; the link
 * is written into the contact's custom field (PAYMENT_LINK_FIELD) for the next step to send. No secret configured for
 * the account: 404 (the feature is off). A wrong or missing secret: 401, nothing read or created. The body is read
 * only once the caller is authenticated.
 */
export function mountWebhooksGhl(app: express.Express, deps: WebhooksGhlDeps): void {
  const runtimes = deps.runtimes ?? createPaymentLinkRuntimes({ store: deps.store, config: deps.config, accounts: deps.accounts });
  const json = express.json({ limit: BODY_LIMIT, type: () => true });
  const paths = ['/webhooks/ghl/payment-link', '/webhooks/ghl/payment-link/:account'];
  app.post(paths, (req, res, next) => { void authenticate(deps, runtimes, req, res, next); }, json, (req, res) => receiveWorkflowCall(deps, req, res));
  app.all(paths, (_req, res) => {
    res.set('Allow', 'POST').status(405).json({ error: 'method not allowed' });
  });
}

/** The runtime of the URL's account once its secret is proven (kept in res.locals), else the refusal. */
async function authenticate(deps: WebhooksGhlDeps, runtimes: PaymentLinkRuntimes, req: Request, res: Response, next: NextFunction): Promise<void> {
  const slug = req.params.account === undefined ? DEFAULT_ACCOUNT : String(req.params.account);
  const runtime = await runtimes.runtimeOf(slug).catch((err: Error) => ({ missing: 'unreadable' as const, error: err }));
  if (isRuntimeMissing(runtime)) {
    if (runtime.missing === 'unreadable') {
      deps.logger.error('payment link refused: the account could not be read', { account: slug, error: runtime.error.message });
      sendUnavailable(res, 'account unavailable, retry later');
      return;
    }
    deps.logger.warn('payment link refused: no enabled account has this slug', { account: slug.slice(0, 64), ip: req.ip });
    res.status(404).json({ error: 'unknown account' });
    return;
  }
  if (!runtime.workflowSecret) {
    deps.logger.warn(`payment link refused: no workflow secret is configured for account ${slug} (${slug === DEFAULT_ACCOUNT
      ? 'set GHL_WORKFLOW_SECRET' : `run \`ghl-payments accounts update ${slug} --ghl-workflow-secret -\``}): the endpoint is off`, { account: slug, ip: req.ip });
    res.status(404).json({ error: 'not found' });
    return;
  }
  const given = req.get(WORKFLOW_SECRET_HEADER) ?? (typeof req.query.secret === 'string' ? req.query.secret : undefined);
  if (!tokensMatch(given, runtime.workflowSecret)) {
    deps.logger.warn('payment link refused: wrong or missing workflow secret', { account: slug, ip: req.ip, presented: given !== undefined });
    res.status(401).json({ error: `wrong or missing secret: send it in the ${WORKFLOW_SECRET_HEADER} header` });
    return;
  }
  res.locals.linkRuntime = runtime;
  next();
}

/** The request a workflow call makes, and the identity that is the same across its redeliveries. */
export interface WorkflowCall {
  request: PaymentLinkRequest;
  idempotencyKey: string;
  /** The location the call says it comes from (`location.id`), when it says. */
  locationId?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a workflow call. GoHighLevel's Webhook action posts the contact's standard fields (`contact_id`, `email`,
 * `first_name`, …), `location` {id, …}, `workflow` {id, name} and the action's custom data in `customData`; a Custom
 * Webhook action posts whatever body it is given (docs/payment-links.md recommends `contact_id` and `customData`).
 * The link's fields are read from `customData` first, then from the top level: `amount`, `title`, `currency`,
 * `quantity`, `expiresIn` (or `expires_in`), `externalReference` (or `external_reference`).
 *
 * GoHighLevel documents no id of a workflow execution that stays the same when it retries a failed webhook, so the
 * idempotency key is, in order: the request's `Idempotency-Key` header, `customData.idempotencyKey`, else a hash of
 * the account, the contact, the workflow id and the link's fields. A same key answers the same link while that link
 * can be paid; once it is paid or expired, a new run of the workflow gets a new link.
 */
export function readWorkflowCall(body: unknown, headers: { idempotencyKey?: string }, account: string): WorkflowCall {
  if (!isObject(body)) throw new PaymentLinkInputError('(body)', 'must be a JSON object (the workflow action\'s body)');
  const custom = isObject(body.customData) ? body.customData : isObject(body.custom_data) ? body.custom_data : {};
  const pick = (...names: string[]): unknown => {
    for (const source of [custom, body]) {
      for (const name of names) if (source[name] !== undefined && source[name] !== null && source[name] !== '') return source[name];
    }
    return undefined;
  };
  const contact = isObject(body.contact) ? body.contact : {};
  const request = parsePaymentLinkRequest({
    contactId: pick('contact_id', 'contactId') ?? contact.id,
    title: pick('title'),
    amount: pick('amount'),
    currency: pick('currency'),
    quantity: pick('quantity'),
    expiresIn: pick('expiresIn', 'expires_in'),
    externalReference: pick('externalReference', 'external_reference'),
  });
  const workflow = isObject(body.workflow) ? body.workflow : {};
  const workflowId = pick('workflow_id', 'workflowId') ?? workflow.id;
  const location = isObject(body.location) ? body.location : {};
  const locationId = typeof location.id === 'string' ? location.id : typeof body.location_id === 'string' ? body.location_id : undefined;
  const given = headers.idempotencyKey ?? pick('idempotencyKey', 'idempotency_key');
  let idempotencyKey: string;
  if (given !== undefined) {
    // eslint-disable-next-line no-control-regex
    if (typeof given !== 'string' || given.trim() === '' || given.length > 100 || /[\u0000-\u001f\u007f]/.test(given)) {
      throw new PaymentLinkInputError('idempotencyKey', 'must be printable text of at most 100 characters');
    }
    idempotencyKey = `${account}:k:${given.trim()}`;
  } else {
    const identity = JSON.stringify([
      account, request.contactId, typeof workflowId === 'string' ? workflowId : '', request.title, request.amount, request.currency,
      request.quantity, request.expiresInMs, request.externalReference,
    ]);
    idempotencyKey = `${account}:h:${createHash('sha256').update(identity).digest('hex')}`;
  }
  return { request, idempotencyKey, ...(locationId ? { locationId } : {}) };
}

async function receiveWorkflowCall(deps: WebhooksGhlDeps, req: Request, res: Response): Promise<void> {
  const runtime = res.locals.linkRuntime as PaymentLinkRuntime;
  const secrets = [...listSecrets(deps.config), ...runtime.secrets];
  if (!deps.isDatabaseReady()) {
    sendUnavailable(res, 'database unavailable, retry later');
    return;
  }
  try {
    const call = readWorkflowCall(req.body, { idempotencyKey: req.get('idempotency-key') }, runtime.account);
    const ownLocation = runtime.config.ghl.locationId;
    if (call.locationId && ownLocation && call.locationId !== ownLocation) {
      throw new PaymentLinkInputError('location.id', `the workflow runs in location ${call.locationId}, not in this account's (${ownLocation}): use that location's URL`);
    }
    const { link, created } = await createPaymentLink(call.request, { source: 'workflow', idempotencyKey: call.idempotencyKey }, {
      store: deps.store, config: runtime.config, clients: runtime.clients, account: runtime.account, now: deps.now, logger: deps.logger,
    });
    const links = deps.config.paymentLinks;
    await deliverPaymentLink(link, { field: links?.field ?? 'mp_payment_link', note: links?.note ?? false }, runtime.clients, { redelivery: !created });
    if (!created) deps.logger.info('payment link requested again by the same workflow call: answered the same link', { account: runtime.account, linkId: link.id });
    sendJson(res, created ? 201 : 200, toCreatedLinkJson(link), secrets);
  } catch (err) {
    if (sendLinkError(res, err, secrets)) {
      deps.logger.warn('payment link from a workflow not created', { account: runtime.account, status: res.statusCode, error: (err as Error).message.slice(0, 300) });
      return;
    }
    throw err;
  }
}
