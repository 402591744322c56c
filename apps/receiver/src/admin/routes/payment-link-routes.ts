import express from 'express';
import { PAYMENT_LINK_FILTER_PARAMS, parsePaymentLinkQuery } from '../../routes/api-payment-links';
import type { AdminContext } from '../admin-context';
import { renderPaymentLinksPage } from '../pages/payment-links-page';
import { serveListPage } from './serve-list-page';

/** The payment link list (a viewer's session: its account's only). */
export function createPaymentLinkRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { store } = ctx.deps;

  router.get('/payment-links', serveListPage(ctx, {
    filterParams: PAYMENT_LINK_FILTER_PARAMS,
    parse: parsePaymentLinkQuery,
    list: (filter, page) => store.listPaymentLinks(filter, page, ctx.deps.now()),
    render: renderPaymentLinksPage,
  }));

  return router;
}
