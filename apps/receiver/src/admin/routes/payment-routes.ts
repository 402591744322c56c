import express from 'express';
import { DEFAULT_ACCOUNT } from '@ghl-payments/store';
import { maySee, scopeAccount } from '../../api/account-scope';
import { parseId } from '../../api/parse-page';
import { PAGE_PARAMS } from '../../api/parse-event-query';
import { PAYMENT_FILTER_PARAMS, parsePaymentQuery } from '../../api/parse-payment-query';
import { AdminContext, queryErrorMessage } from '../admin-context';
import { renderErrorPage } from '../pages/error-page';
import { renderPaymentPage } from '../pages/payment-page';
import { PaymentListParams, renderPaymentsPage } from '../pages/payments-page';
import { readFormParams } from '../read-form-params';
import { readContactLocations } from './contact-locations';

const PAYMENT_PAGE_PARAMS = [...PAYMENT_FILTER_PARAMS, ...PAGE_PARAMS] as const;

/** The payment list and payment detail. */
export function createPaymentRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { store } = ctx.deps;

  router.get('/payments', async (req, res) => {
    const params = readFormParams(req.query, PAYMENT_PAGE_PARAMS) as PaymentListParams & { offset?: string };
    const { offset: _offset, ...shown } = params;
    const i18n = ctx.i18n(res);
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const [accounts, locations] = await Promise.all([ctx.accountChoices(res), readContactLocations(ctx, res)]);
    try {
      const { filter, page } = parsePaymentQuery(params);
      const account = scopeAccount(viewer, filter.account);
      const result = await store.listPayments(account === undefined ? filter : { ...filter, account }, page);
      ctx.page(res, 200, renderPaymentsPage({ i18n, params: shown, page, result, csrfToken, accounts, locations, viewer }));
    } catch (err) {
      ctx.page(res, 400, renderPaymentsPage({ i18n, params: shown, page: { limit: 50, offset: 0 }, result: null, csrfToken, error: queryErrorMessage(err), accounts, locations, viewer }));
    }
  });

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
    const locationId = payment.account === DEFAULT_ACCOUNT ? ctx.deps.config.ghl.locationId
      : (await store.getAccount(payment.account))?.ghlLocationId;
    const failures = await store.listFailedAttempts(payment.events.map((e) => e.id));
    ctx.page(res, 200, renderPaymentPage({ i18n, payment, failures, csrfToken, locationId, viewer }));
  });

  return router;
}
