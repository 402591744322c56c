import type express from 'express';
import type { Page, PageRequest } from '@ghl-payments/store';
import { scopeAccount } from '../../api/account-scope';
import { PAGE_PARAMS } from '../../api/parse-event-query';
import { AdminContext, queryErrorMessage } from '../admin-context';
import type { AccountChoice } from '../components';
import type { I18n } from '../i18n/translator';
import { readFormParams } from '../read-form-params';
import { readContactLocations } from './contact-locations';

/** What a filtered list page is drawn from: its filters as given, the page, the rows (null: the filters were refused). */
export interface ListPageView<P, R> {
  i18n: I18n;
  params: P;
  page: PageRequest;
  result: Page<R> | null;
  csrfToken: string;
  /** Why the filters were refused. */
  error?: string;
  /** The accounts the filter offers (none: no account filter, no account column). */
  accounts: readonly AccountChoice[];
  /** Each account's GoHighLevel location, for links to contacts (an account without one: the bare contact id). */
  locations: ReadonlyMap<string, string>;
  viewer: string | null;
}

/**
 * The GET handler of a filtered list page (payments, payment links): reads its parameters, narrows a viewer's session
 * to its account, lists one page and draws it; refused filters draw the page with the reason (400).
 */
export function serveListPage<P, F extends { account?: string }, R>(ctx: AdminContext, o: {
  filterParams: readonly string[];
  parse(params: Record<string, string | undefined>): { filter: F; page: PageRequest };
  list(filter: F, page: PageRequest): Promise<Page<R>>;
  render(view: ListPageView<P, R>): string;
}): express.RequestHandler {
  const names = [...o.filterParams, ...PAGE_PARAMS];
  return async (req, res) => {
    const params = readFormParams(req.query, names);
    const { offset: _offset, ...shown } = params as Record<string, string | undefined>;
    const [accounts, locations] = await Promise.all([ctx.accountChoices(res), readContactLocations(ctx, res)]);
    const view = { i18n: ctx.i18n(res), params: shown as P, csrfToken: ctx.session(res).csrfToken, accounts, locations, viewer: ctx.viewer(res) };
    try {
      const { filter, page } = o.parse(params);
      const account = scopeAccount(view.viewer, filter.account);
      const result = await o.list(account === undefined ? filter : { ...filter, account }, page);
      ctx.page(res, 200, o.render({ ...view, page, result }));
    } catch (err) {
      ctx.page(res, 400, o.render({ ...view, page: { limit: 50, offset: 0 }, result: null, error: queryErrorMessage(err) }));
    }
  };
}
