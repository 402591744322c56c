import express from 'express';
import { maySee } from '../../api/account-scope';
import { parseId } from '../../api/parse-page';
import { PAYMENT_FILTER_PARAMS, parsePaymentQuery } from '../../api/parse-payment-query';
import type { AdminContext } from '../admin-context';
import { renderErrorPage } from '../pages/error-page';
import { renderPaymentPage } from '../pages/payment-page';
import { renderPaymentsPage } from '../pages/payments-page';
import { readContactLocations } from './contact-locations';
import { serveListPage } from './serve-list-page';

/** The payment list and payment detail. */
export function createPaymentRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { store } = ctx.deps;

  router.get('/payments', serveListPage(ctx, {
    filterParams: PAYMENT_FILTER_PARAMS,
    parse: parsePaymentQuery,
    list: (filter, page) => store.listPayments(filter, page),
    render: renderPaymentsPage,
  }));

  router.get('/payments/:id', async (req, res) => {
    const payment = await store.getPayment(parseId(req.params.id));
    const i18n = ctx.i18n(res);
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    // another account's payment does not exist, as far as a viewer can tell
    if (!payment || !maySee(viewer, payment.account)) {
      ctx.page(res, 404, renderErrorPage({
        i18n, title: i18n.t('paymentPage.notFound'), message: i18n.t('paymentPage.notFoundText', { id: req.params.id }), csrfToken, viewer,
      }));
      return;
    }
    const locationId = (await readContactLocations(ctx, res)).get(payment.account);
    const failures = await store.listFailedAttempts(payment.events.map((e) => e.id));
    ctx.page(res, 200, renderPaymentPage({ i18n, payment, failures, csrfToken, locationId, viewer }));
  });

  return router;
}
