import { PermanentError } from '@ghl-payments/core';
import type { Payment } from '@ghl-payments/store';
import { ghlIdSchema } from './ghl-schemas';
import { cleanText } from './map-mp-payment';
import type { MpPayment } from './mercadopago-schemas';
import type { ProcessContext } from './process-types';

/** Where a payment's GHL contact came from. */
export type ContactSource = 'metadata' | 'payment' | 'external-reference' | 'upsert';

export interface ResolvedContact {
  contactId: string;
  source: ContactSource;
}

export const NO_CONTACT_MESSAGE =
  'no GHL contact: the payment has no metadata.ghl_contact_id, no registered external_reference and no payer email';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `metadata.ghl_contact_id` (string or number); `invalid` when present but unusable as a GHL id. */
function readMetadataContactId(payment: MpPayment): string | null | 'invalid' {
  const value = payment.metadata?.ghl_contact_id;
  if (value === undefined || value === null || value === '') return null;
  const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return ghlIdSchema.safeParse(id).success ? id : 'invalid';
}

/**
 * The contact named by the payment's `metadata.ghl_contact_id`, or null; an unusable id is a PermanentError when a
 * contact is required (there are tags to apply).
 */
export function resolveMetadataContact(payment: MpPayment, required: boolean): ResolvedContact | null {
  const fromMetadata = readMetadataContactId(payment);
  if (fromMetadata === 'invalid' && required) throw new PermanentError('metadata.ghl_contact_id is not a valid GHL contact id');
  return fromMetadata && fromMetadata !== 'invalid' ? { contactId: fromMetadata, source: 'metadata' } : null;
}

/**
 * Finds the GHL contact of a payment: its `metadata.ghl_contact_id`; else the contact already stored for it; else an
 * earlier payment with the same external reference; else an upsert by payer email. With `required: false` (nothing
 * to tag) only local sources are tried and null means none matched; with `required: true` failing to find one is a
 * PermanentError.
 */
export async function resolveContact(
  input: { payment: MpPayment; stored: Payment; required: boolean },
  ctx: ProcessContext,
): Promise<ResolvedContact | null> {
  const fromMetadata = resolveMetadataContact(input.payment, input.required);
  if (fromMetadata) return fromMetadata;
  if (input.stored.ghlContactId) return { contactId: input.stored.ghlContactId, source: 'payment' };
  if (input.stored.externalReference) {
    const fromReference = await ctx.store.findContactIdByExternalReference(input.stored.externalReference);
    if (fromReference) return { contactId: fromReference, source: 'external-reference' };
  }
  if (!input.required) return null;
  const email = cleanText(input.payment.payer?.email, 320);
  if (!email) throw new PermanentError(NO_CONTACT_MESSAGE);
  if (!EMAIL.test(email)) throw new PermanentError('no GHL contact: the payer email is not a valid address and the payment has no metadata.ghl_contact_id or registered external_reference');
  const contactId = await ctx.clients.ghl.upsertContact({
    email,
    firstName: cleanText(input.payment.payer?.first_name, 100),
    lastName: cleanText(input.payment.payer?.last_name, 100),
  });
  return { contactId, source: 'upsert' };
}
