import express from 'express';
import type { EventFilter } from '@ghl-payments/store';
import { maySee, scopeAccount } from '../../api/account-scope';
import { parseId } from '../../api/parse-page';
import { EVENT_FILTER_PARAMS, PAGE_PARAMS, parseEventFilter, parseEventQuery } from '../../api/parse-event-query';
import { AdminContext, queryErrorMessage } from '../admin-context';
import { toQueryString } from '../components';
import { renderBulkRetryPage } from '../pages/bulk-retry-page';
import { renderErrorPage } from '../pages/error-page';
import { renderEventPage } from '../pages/event-page';
import { EventListParams, renderEventsPage } from '../pages/events-page';
import { readFormParams } from '../read-form-params';
import { auditOperator } from '../../audit/operator-audit';

const EVENT_PAGE_PARAMS = [...EVENT_FILTER_PARAMS, ...PAGE_PARAMS] as const;
const FIRST_PAGE = { limit: 50, offset: 0 };

/** The event list, bulk retry (confirmation, then POST), event detail and single retry. */
export function createEventRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { deps } = ctx;
  const { store, logger } = deps;

  router.get('/events', async (req, res) => {
    const params = readFormParams(req.query, EVENT_PAGE_PARAMS) as EventListParams & { offset?: string };
    const { offset: _offset, ...shown } = params;
    const now = deps.now();
    const types = await store.listEventTypes();
    const retried = readFormParams(req.query, ['retried']).retried;
    const notice = retried !== undefined && /^\d{1,9}$/.test(retried) ? `${retried} event(s) sent back to pending.` : undefined;
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const accounts = await ctx.accountChoices(res);
    try {
      const { filter, page } = parseEventQuery(params, now);
      const account = scopeAccount(viewer, filter.account);
      const result = await store.listEvents(account === undefined ? filter : { ...filter, account }, page);
      ctx.page(res, 200, renderEventsPage({ params: shown, page, result, now, types, csrfToken, notice, accounts, viewer }));
    } catch (err) {
      const error = queryErrorMessage(err);
      ctx.page(res, 400, renderEventsPage({ params: shown, page: FIRST_PAGE, result: null, now, types, csrfToken, error, accounts, viewer }));
    }
  });

  router.get('/events/retry', async (req, res) => {
    const params = readFormParams(req.query, EVENT_FILTER_PARAMS) as EventListParams;
    const now = deps.now();
    const csrfToken = ctx.session(res).csrfToken;
    try {
      const count = await store.retryEvents(parseEventFilter(params, now), { now, dryRun: true });
      ctx.page(res, 200, renderBulkRetryPage({ params, count, csrfToken }));
    } catch (err) {
      const error = queryErrorMessage(err);
      ctx.page(res, 400, renderEventsPage({ params, page: FIRST_PAGE, result: null, now, types: [], csrfToken, error }));
    }
  });

  router.post('/events/retry', async (req, res) => {
    const params = readFormParams(req.body, EVENT_FILTER_PARAMS) as EventListParams;
    const now = deps.now();
    let filter: EventFilter;
    try {
      filter = parseEventFilter(params, now);
    } catch (err) {
      ctx.page(res, 400, renderErrorPage({ title: 'Invalid filter', message: queryErrorMessage(err), csrfToken: ctx.session(res).csrfToken }));
      return;
    }
    const count = await store.retryEvents(filter, { now });
    logger.info('operator retried events in bulk from the dashboard', { count, filter });
    await auditOperator(deps, req, ctx.viewer(res), { action: 'bulk-retry', target: null, detail: { count, filter: { ...filter }, from: 'dashboard' } });
    res.redirect(303, `/admin/events${toQueryString({ ...params, retried: count })}`);
  });

  router.get('/events/:id', async (req, res) => {
    const event = await store.getEvent(parseId(req.params.id));
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    // another account's event does not exist, as far as a viewer can tell
    if (!event || !maySee(viewer, event.account)) {
      ctx.page(res, 404, renderErrorPage({ title: 'No such event', message: `There is no event #${req.params.id}.`, csrfToken, viewer }));
      return;
    }
    const flags = readFormParams(req.query, ['retried', 'conflict']);
    ctx.page(res, 200, renderEventPage({
      event,
      csrfToken,
      viewer,
      now: deps.now(),
      notice: flags.retried ? 'Sent back to pending: a worker will pick it up shortly.' : undefined,
      error: flags.conflict ? `This event is ${flags.conflict.slice(0, 20)}: only failed, ignored or pending events can be retried.` : undefined,
    }));
  });

  router.post('/events/:id/retry', async (req, res) => {
    const id = parseId(req.params.id);
    const result = await store.retryEvent(id, deps.now());
    if (result.state === 'not-found') {
      ctx.page(res, 404, renderErrorPage({ title: 'No such event', message: `There is no event #${id}.`, csrfToken: ctx.session(res).csrfToken }));
      return;
    }
    if (result.state === 'retried') logger.info('operator retried event from the dashboard', { eventId: id });
    if (result.state === 'retried') await auditOperator(deps, req, ctx.viewer(res), { action: 'retry', target: `event:${id}`, detail: { from: 'dashboard' } });
    res.redirect(303, `/admin/events/${id}${result.state === 'retried' ? '?retried=1' : toQueryString({ conflict: result.status })}`);
  });

  return router;
}
