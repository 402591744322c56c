import express from 'express';
import { maySee, scopeAccount } from '../../api/account-scope';
import { parseId } from '../../api/parse-page';
import { PAGE_PARAMS } from '../../api/parse-event-query';
import { PAYMENT_FILTER_PARAMS, parsePaymentQuery } from '../../api/parse-payment-query';
import { AdminContext, queryErrorMessage } from '../admin-context';
import { renderErrorPage } from '../pages/error-page';
import { renderPaymentPage } from '../pages/payment-page';
import { PaymentListParams, renderPaymentsPage } from '../pages/payments-page';
import { readFormParams } from '../read-form-params';

const PAYMENT_PAGE_PARAMS = [...PAYMENT_FILTER_PARAMS, ...PAGE_PARAMS] as const;

/** The payment list and payment detail. */
export function createPaymentRoutes(ctx: AdminContext): express.Router {
  const router = express.Router();
  const { store } = ctx.deps;

  router.get('/payments', async (req, res) => {
    const params = readFormParams(req.query, PAYMENT_PAGE_PARAMS) as PaymentListParams & { offset?: string };
    const { offset: _offset, ...shown } = params;
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    const accounts = await ctx.accountChoices(res);
    try {
      const { filter, page } = parsePaymentQuery(params);
      const account = scopeAccount(viewer, filter.account);
      const result = await store.listPayments(account === undefined ? filter : { ...filter, account }, page);
      ctx.page(res, 200, renderPaymentsPage({ params: shown, page, result, csrfToken, accounts, viewer }));
    } catch (err) {
      ctx.page(res, 400, renderPaymentsPage({ params: shown, page: { limit: 50, offset: 0 }, result: null, csrfToken, error: queryErrorMessage(err), accounts, viewer }));
    }
  });

  router.get('/payments/:id', async (req, res) => {
    const payment = await store.getPayment(parseId(req.params.id));
    const csrfToken = ctx.session(res).csrfToken;
    const viewer = ctx.viewer(res);
    // another account's payment does not exist, as far as a viewer can tell
    if (!payment || !maySee(viewer, payment.account)) {
      ctx.page(res, 404, renderErrorPage({ title: 'No such payment', message: `There is no payment #${req.params.id}.`, csrfToken, viewer }));
      return;
    }
    ctx.page(res, 200, renderPaymentPage({ payment, csrfToken, viewer }));
  });

  return router;
}
