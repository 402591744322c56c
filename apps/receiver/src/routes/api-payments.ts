import express from 'express';
import { z } from 'zod';
import { maySee, scopeAccount, viewerAccountOf } from '../api/account-scope';
import { parseId } from '../api/parse-page';
import { PAGE_PARAMS } from '../api/parse-event-query';
import { PAYMENT_FILTER_PARAMS, parsePaymentQuery } from '../api/parse-payment-query';
import { toPaymentDetailJson, toPaymentJson } from '../api/payment-json';
import { readParams } from '../api/read-params';
import { sendJson } from '../api/send-json';
import type { OperatorDeps } from '../operator-deps';

// eslint-disable-next-line no-control-regex
const printable = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).regex(/^[^\u0000-\u001f\u007f]*$/, 'must be printable text');

/** The body of `POST /api/payments`. */
export const expectedPaymentSchema = z.strictObject({
  external_reference: printable(256),
  ghl_contact_id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a GoHighLevel contact id (letters, digits, - or _)'),
  amount: z.number().finite().nonnegative('must not be negative').max(1e12, 'is too large').nullable().optional(),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code such as ARS').transform((c) => c.toUpperCase()).nullable().optional(),
  description: printable(512).nullable().optional(),
});

/** The first problem of a body that does not fit the schema: the field it concerns and why. */
function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') return { field: issue.keys[0] ?? '(body)', message: 'is not a known field' };
  const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
  if (issue.code === 'invalid_type' && issue.input === undefined) return { field, message: 'is required' };
  if (issue.code === 'invalid_type') return { field, message: `must be a ${issue.expected}` };
  return { field, message: issue.message };
}

/** `/api/payments`: list with filters, one payment with its events and tags, register an expected payment. */
export function createApiPaymentsRouter(deps: OperatorDeps): express.Router {
  const router = express.Router();
  const { store, logger, secrets } = deps;

  router.get('/payments', async (req, res) => {
    const { filter, page } = parsePaymentQuery(readParams(req.query, [...PAYMENT_FILTER_PARAMS, ...PAGE_PARAMS]));
    const account = scopeAccount(viewerAccountOf(res), filter.account);
    const result = await store.listPayments(account === undefined ? filter : { ...filter, account }, page);
    sendJson(res, 200, { data: result.data.map(toPaymentJson), total: result.total, limit: page.limit, offset: page.offset }, secrets);
  });

  router.get('/payments/:id', async (req, res) => {
    const payment = await store.getPayment(parseId(req.params.id));
    if (!payment || !maySee(viewerAccountOf(res), payment.account)) {
      sendJson(res, 404, { error: 'no such payment' }, secrets);
      return;
    }
    sendJson(res, 200, toPaymentDetailJson(payment), secrets);
  });

  router.post('/payments', async (req, res) => {
    if (!req.is('application/json')) {
      sendJson(res, 415, { error: 'send the payment as application/json' }, secrets);
      return;
    }
    const parsed = expectedPaymentSchema.safeParse(req.body, { reportInput: true });
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      sendJson(res, 400, { error: `invalid ${field}: ${message}`, field }, secrets);
      return;
    }
    const body = parsed.data;
    const existing = await store.findExpectedPayment(body.external_reference);
    if (existing) {
      sendJson(res, 409, { error: 'this external_reference is already registered and MercadoPago has not reported its payment yet', id: existing.id }, secrets);
      return;
    }
    const payment = await store.registerExpectedPayment({
      externalReference: body.external_reference,
      ghlContactId: body.ghl_contact_id,
      amount: body.amount ?? null,
      currency: body.currency ?? null,
      description: body.description ?? null,
    }, deps.now());
    logger.info('operator registered an expected payment', { paymentId: payment.id, externalReference: payment.externalReference });
    res.location(`${req.baseUrl}/payments/${payment.id}`);
    sendJson(res, 201, toPaymentJson(payment), secrets);
  });

  return router;
}
