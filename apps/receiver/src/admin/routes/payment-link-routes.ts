import express from 'express';
import { scopeAccount } from '../../api/account-scope';
import { PAGE_PARAMS } from '../../api/parse-event-query';
import { PAYMENT_LINK_FILTER_PARAMS, parsePaymentLinkQuery } from '../../routes/api-payment-links';
import { AdminContext, queryErrorMessage } from '../admin-context';
import { PaymentLinkListParams, renderPaymentLinksPage } from '../pages/payment-links-page';
import { readFormParams } from '../read-form-params';
import { readContactLocations } from './contact-locations';

const LINK_PAGE_PARAMS = [...PAYMENT_LINK_FILTER_PARAMS, ...PAGE_PARAMS] as const;

/** The payment link list (a viewer's session: its account's only). */
export function createPaymentLinkRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { store } = ctx.deps;

  router.get('/payment-links', async (req, res) => {
    const params = readFormParams(req.query, LINK_PAGE_PARAMS) as PaymentLinkListParams & { offset?: string };
    const { offset: _offset, ...shown } = params;
    const i18n = ctx.i18n(res);
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const [accounts, locations] = await Promise.all([ctx.accountChoices(res), readContactLocations(ctx, res)]);
    try {
      const { filter, page } = parsePaymentLinkQuery(params);
      const account = scopeAccount(viewer, filter.account);
      const result = await store.listPaymentLinks(account === undefined ? filter : { ...filter, account }, page, ctx.deps.now());
      ctx.page(res, 200, renderPaymentLinksPage({ i18n, params: shown, page, result, csrfToken, accounts, locations, viewer }));
    } catch (err) {
      ctx.page(res, 400, renderPaymentLinksPage({ i18n, params: shown, page: { limit: 50, offset: 0 }, result: null, csrfToken, error: queryErrorMessage(err), accounts, locations, viewer }));
    }
  });

  return router;
}
