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
import { readCookie } from '../../auth/read-cookie';

const EVENT_PAGE_PARAMS = [...EVENT_FILTER_PARAMS, ...PAGE_PARAMS] as const;
const FIRST_PAGE = { limit: 50, offset: 0 };

/**
 * A retry's flash message is shown once: the POST that retried leaves this cookie naming what it did (`events` for a
 * bulk retry, `event-<id>` for one event) next to the redirect's `?retried=`, and the page that shows the message
 * clears it. A reload, a bookmark or a shared link keeps the query string but shows no stale message.
 */
const FLASH_COOKIE = 'ghlp_flash';
const FLASH_PATH = '/admin/events';
const FLASH_MAX_AGE_S = 60;

function setFlash(req: express.Request, res: express.Response, what: string): void {
  res.append('Set-Cookie', `${FLASH_COOKIE}=${what}; Path=${FLASH_PATH}; HttpOnly; SameSite=Strict; Max-Age=${FLASH_MAX_AGE_S}${req.secure ? '; Secure' : ''}`);
}

/** True (and the cookie cleared) when the request carries the flash `what`: the message is shown this once. */
function takeFlash(req: express.Request, res: express.Response, what: string): boolean {
  if (readCookie(req, FLASH_COOKIE) !== what) return false;
  res.append('Set-Cookie', `${FLASH_COOKIE}=; Path=${FLASH_PATH}; HttpOnly; SameSite=Strict; Max-Age=0${req.secure ? '; Secure' : ''}`);
  return true;
}

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
    const i18n = ctx.i18n(res);
    const retried = readFormParams(req.query, ['retried']).retried;
    const notice = retried !== undefined && /^\d{1,9}$/.test(retried) && takeFlash(req, res, 'events')
      ? i18n.plural('events.retried.one', 'events.retried.other', Number(retried)) : undefined;
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const accounts = await ctx.accountChoices(res);
    try {
      const { filter, page } = parseEventQuery(params, now);
      const account = scopeAccount(viewer, filter.account);
      const result = await store.listEvents(account === undefined ? filter : { ...filter, account }, page);
      ctx.page(res, 200, renderEventsPage({ i18n, params: shown, page, result, now, types, csrfToken, notice, accounts, viewer }));
    } catch (err) {
      const error = i18n.t('events.invalidFilter', { detail: queryErrorMessage(err) });
      ctx.page(res, 400, renderEventsPage({ i18n, params: shown, page: FIRST_PAGE, result: null, now, types, csrfToken, error, accounts, viewer }));
    }
  });

  router.get('/events/retry', async (req, res) => {
    const params = readFormParams(req.query, EVENT_FILTER_PARAMS) as EventListParams;
    const now = deps.now();
    const csrfToken = ctx.session(res).csrfToken;
    const i18n = ctx.i18n(res);
    try {
      const count = await store.retryEvents(parseEventFilter(params, now), { now, dryRun: true });
      ctx.page(res, 200, renderBulkRetryPage({ i18n, params, count, csrfToken }));
    } catch (err) {
      const error = i18n.t('events.invalidFilter', { detail: queryErrorMessage(err) });
      ctx.page(res, 400, renderEventsPage({ i18n, params, page: FIRST_PAGE, result: null, now, types: [], csrfToken, error }));
    }
  });

  router.post('/events/retry', async (req, res) => {
    const params = readFormParams(req.body, EVENT_FILTER_PARAMS) as EventListParams;
    const now = deps.now();
    let filter: EventFilter;
    try {
      filter = parseEventFilter(params, now);
    } catch (err) {
      const i18n = ctx.i18n(res);
      ctx.page(res, 400, renderErrorPage({ i18n, title: i18n.t('bulk.invalid'), message: queryErrorMessage(err), csrfToken: ctx.session(res).csrfToken }));
      return;
    }
    const count = await store.retryEvents(filter, { now });
    logger.info('operator retried events in bulk from the dashboard', { count, filter });
    await auditOperator(deps, req, ctx.viewer(res), { action: 'bulk-retry', target: null, detail: { count, filter: { ...filter }, from: 'dashboard' } });
    setFlash(req, res, 'events');
    res.redirect(303, `/admin/events${toQueryString({ ...params, retried: count })}`);
  });

  router.get('/events/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const event = await store.getEvent(id);
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const i18n = ctx.i18n(res);
    // another account's event does not exist, as far as a viewer can tell
    if (!event || !maySee(viewer, event.account)) {
      ctx.page(res, 404, renderErrorPage({ i18n, title: i18n.t('event.notFound'), message: i18n.t('event.notFoundText', { id: String(id) }), csrfToken, viewer }));
      return;
    }
    const flags = readFormParams(req.query, ['retried', 'conflict']);
    // shown once, and only while still true: "queued again" while the event waits or runs; the conflict while the
    // event is still in the status that refused the retry
    const flash = (flags.retried || flags.conflict) && takeFlash(req, res, `event-${event.id}`);
    const queued = flash && flags.retried && (event.status === 'pending' || event.status === 'processing');
    const conflict = flash && flags.conflict && flags.conflict === event.status;
    ctx.page(res, 200, renderEventPage({
      i18n,
      event,
      csrfToken,
      viewer,
      now: deps.now(),
      notice: queued ? i18n.t('event.retried') : undefined,
      error: conflict ? i18n.t('event.conflict', { status: i18n.t(`status.${event.status}`) }) : undefined,
    }));
  });

  router.post('/events/:id/retry', async (req, res) => {
    const id = parseId(req.params.id);
    const result = await store.retryEvent(id, deps.now());
    if (result.state === 'not-found') {
      const i18n = ctx.i18n(res);
      ctx.page(res, 404, renderErrorPage({ i18n, title: i18n.t('event.notFound'), message: i18n.t('event.notFoundText', { id: String(id) }), csrfToken: ctx.session(res).csrfToken }));
      return;
    }
    if (result.state === 'retried') logger.info('operator retried event from the dashboard', { eventId: id });
    if (result.state === 'retried') await auditOperator(deps, req, ctx.viewer(res), { action: 'retry', target: `event:${id}`, detail: { from: 'dashboard' } });
    setFlash(req, res, `event-${id}`);
    res.redirect(303, `/admin/events/${id}${result.state === 'retried' ? '?retried=1' : toQueryString({ conflict: result.status })}`);
  });

  return router;
}
