import { z } from 'zod';

// Schemas validate without transforming, so a parsed payment re-serialises to what MercadoPago sent (kept as raw JSON).
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)]);
const text = z.string().nullish();
const decimal = z.union([z.number().refine(Number.isFinite, 'not a finite number'), z.string().regex(/^-?\d+(\.\d+)?$/, 'not a decimal')]);

/** The fields of a MercadoPago payment the pipeline reads; other fields are kept as they came. */
export const mpPaymentSchema = z.looseObject({
  id,
  status: z.string().min(1).max(32),
  status_detail: text,
  transaction_amount: decimal.nullish(),
  currency_id: text,
  description: text,
  external_reference: text,
  payer: z.looseObject({ email: text, first_name: text, last_name: text }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  date_created: text,
  date_approved: text,
  date_last_updated: text,
});
export type MpPayment = z.infer<typeof mpPaymentSchema>;

/**
 * GET /v1/payments/search: one page of payments and the paging of the whole result. Sources: API reference "Search
 * payments" (`paging {total, limit, offset}`, `results`), sdk-nodejs clients/payment/search/types.ts.
 */
export const mpPaymentSearchSchema = z.looseObject({
  paging: z.looseObject({ total: z.number().int().nonnegative(), limit: z.number().int().nonnegative(), offset: z.number().int().nonnegative() }),
  results: z.array(mpPaymentSchema),
});
export type MpPaymentSearch = z.infer<typeof mpPaymentSearchSchema>;

/** A merchant order: only its payments' ids matter. */
export const mpMerchantOrderSchema = z.looseObject({
  id,
  status: text,
  external_reference: text,
  payments: z.array(z.looseObject({ id, status: text })).nullish(),
});
export type MpMerchantOrder = z.infer<typeof mpMerchantOrderSchema>;

/** GET /users/me: enough to show which account a token belongs to. */
export const mpUserSchema = z.looseObject({ id, nickname: text, site_id: text, email: text });
export type MpUser = z.infer<typeof mpUserSchema>;

/**
 * GET /v1/chargebacks/:id: the disputed payments. Source: API reference "Chargebacks" (`id` string, `payments`
 * Array(Integer)); the SDK's ChargebackResponse also names a `payment_id`, read when present.
 */
export const mpChargebackSchema = z.looseObject({
  id,
  payments: z.array(id).nullish(),
  payment_id: id.nullish(),
  amount: decimal.nullish(),
  currency: text,
  date_last_updated: text,
});
export type MpChargeback = z.infer<typeof mpChargebackSchema>;

/** GET /preapproval/:id: a subscription's status (pending, authorized, paused, cancelled), payer and amount. */
export const mpPreapprovalSchema = z.looseObject({
  id,
  status: z.string().min(1).max(32),
  payer_email: text,
  external_reference: text,
  reason: text,
  auto_recurring: z.looseObject({ transaction_amount: decimal.nullish(), currency_id: text }).nullish(),
  last_modified: text,
});
export type MpPreapproval = z.infer<typeof mpPreapprovalSchema>;

/**
 * GET /authorized_payments/:id: one charge of a subscription and the payment it made (`payment` is absent or null until
 * MercadoPago collected it). The reference's example gives `external_reference` as a number.
 */
export const mpAuthorizedPaymentSchema = z.looseObject({
  id,
  preapproval_id: text,
  status: text,
  payment: z.looseObject({ id, status: text, status_detail: text }).nullish(),
});
export type MpAuthorizedPayment = z.infer<typeof mpAuthorizedPaymentSchema>;

/**
 * GET /v1/orders/:id (Orders API): the order's status and its payments. Payment ids are `PAY01…` texts, not
 * /v1/payments ids; amounts are decimal texts (`"100.00"`).
 */
export const mpOrderSchema = z.looseObject({
  id,
  status: z.string().min(1).max(32),
  status_detail: text,
  external_reference: text,
  total_amount: decimal.nullish(),
  currency: text,
  payer: z.looseObject({ email: text }).nullish(),
  transactions: z.looseObject({
    payments: z.array(z.looseObject({ id, status: text, status_detail: text, amount: decimal.nullish() })).nullish(),
  }).nullish(),
});
export type MpOrder = z.infer<typeof mpOrderSchema>;

/**
 * POST /checkout/preferences → 201, the preference (API reference "Create preference",
 * /developers/en/reference/preferences/_checkout_preferences/post; SDK `PreferenceResponse`): only `id` and the checkout
 * URL `init_point` are relied on.
 */
export const mpPreferenceSchema = z.looseObject({
  id: z.string().min(1).max(128),
  init_point: z.string().regex(/^https?:\/\/\S+$/, 'not an http(s) URL'),
  sandbox_init_point: text,
});
export type MpPreference = z.infer<typeof mpPreferenceSchema>;
