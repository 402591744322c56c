import express from 'express';
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
    try {
      const { filter, page } = parsePaymentQuery(params);
      const result = await store.listPayments(filter, page);
      ctx.page(res, 200, renderPaymentsPage({ params: shown, page, result, csrfToken }));
    } catch (err) {
      ctx.page(res, 400, renderPaymentsPage({ params: shown, page: { limit: 50, offset: 0 }, result: null, csrfToken, error: queryErrorMessage(err) }));
    }
  });

  router.get('/payments/:id', async (req, res) => {
    const payment = await store.getPayment(parseId(req.params.id));
    const csrfToken = ctx.session(res).csrfToken;
    if (!payment) {
      ctx.page(res, 404, renderErrorPage({ title: 'No such payment', message: `There is no payment #${req.params.id}.`, csrfToken }));
      return;
    }
    ctx.page(res, 200, renderPaymentPage({ payment, csrfToken }));
  });

  return router;
}
