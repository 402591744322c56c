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
