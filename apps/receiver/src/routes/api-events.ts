import express from 'express';
import { maySee, scopeAccount, viewerAccountOf } from '../api/account-scope';
import { toEventDetailJson, toEventJson } from '../api/event-json';
import { parseId } from '../api/parse-page';
import { EVENT_FILTER_PARAMS, PAGE_PARAMS, parseEventFilter, parseEventQuery } from '../api/parse-event-query';
import { QueryError } from '../api/query-error';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import type { OperatorDeps } from '../operator-deps';
import { auditOperator } from '../audit/operator-audit';

/** Reads a true/false flag such as `dry_run` or `all`: true/false/1/0 (absent: false). */
function parseFlag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '') return false;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new QueryError(name, 'must be true or false');
}

/** Why a bulk retry without any filter is refused (the CLI refuses it too): one request must not requeue everything by accident. */
export const BULK_RETRY_NEEDS_FILTER = 'a bulk retry needs a filter (e.g. status=failed, type, payment_id, q, since, until); '
  + 'to retry every failed and ignored event, say so with all=true';

/** `/api/webhook-events`: list with filters, one event with its history, retry one, bulk retry (a viewer: the reads, of its account). */
export function createApiEventsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  const { store, logger, secrets } = deps;

  router.get('/webhook-events', async (req, res) => {
    const params = readParams(req.query, [...EVENT_FILTER_PARAMS, ...PAGE_PARAMS]);
    const { filter, page } = parseEventQuery(params, deps.now());
    const account = scopeAccount(viewerAccountOf(res), filter.account);
    const result = await store.listEvents(account === undefined ? filter : { ...filter, account }, page);
    sendJson(res, 200, { data: result.data.map(toEventJson), total: result.total, limit: page.limit, offset: page.offset }, secrets);
  });

  router.post('/webhook-events/retry', async (req, res) => {
    const params = readParams(req.query, [...EVENT_FILTER_PARAMS, 'dry_run', 'all']);
    const now = deps.now();
    const filter = parseEventFilter(params, now);
    const dryRun = parseFlag('dry_run', params.dry_run);
    const all = parseFlag('all', params.all);
    if (Object.keys(filter).length === 0 && !all) {
      sendJson(res, 400, { error: BULK_RETRY_NEEDS_FILTER, parameter: 'all' }, secrets);
      return;
    }
    const count = await store.retryEvents(filter, { now, dryRun });
    if (!dryRun) logger.info('operator retried events in bulk', { count, filter });
    if (!dryRun) await auditOperator(deps, req, viewerAccountOf(res), { action: 'bulk-retry', target: null, detail: { count, filter: { ...filter } } });
    sendJson(res, 200, { count }, secrets);
  });

  router.get('/webhook-events/:id', async (req, res) => {
    const event = await store.getEvent(parseId(req.params.id));
    // another account's event does not exist, as far as a viewer can tell
    if (!event || !maySee(viewerAccountOf(res), event.account)) {
      sendJson(res, 404, { error: 'no such event' }, secrets);
      return;
    }
    sendJson(res, 200, toEventDetailJson(event), secrets);
  });

  router.post('/webhook-events/:id/retry', async (req, res) => {
    const id = parseId(req.params.id);
    const result = await store.retryEvent(id, deps.now());
    if (result.state === 'not-found') {
      sendJson(res, 404, { error: 'no such event' }, secrets);
      return;
    }
    if (result.state === 'conflict') {
      sendJson(res, 409, { error: `a ${result.status} event cannot be retried (only failed, ignored or pending ones)`, status: result.status }, secrets);
      return;
    }
    logger.info('operator retried event', { eventId: id });
    await auditOperator(deps, req, viewerAccountOf(res), { action: 'retry', target: `event:${id}` });
    const event = await store.getEvent(id);
    sendJson(res, 200, event ? toEventDetailJson(event) : { id, status: 'pending' }, secrets);
  });

  return router;
}
