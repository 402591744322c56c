import { PermanentError } from '@ghl-payments/core';
import type { Payment } from '@ghl-payments/store';
import { ghlIdSchema } from './ghl-schemas';
import { cleanText } from './map-mp-payment';
import type { ProcessContext } from './process-types';

/** Where a payment's GHL contact came from. */
export type ContactSource = 'metadata' | 'payment' | 'external-reference' | 'upsert';

export interface ResolvedContact {
  contactId: string;
  source: ContactSource;
}

/** What MercadoPago's answer says about the buyer: `metadata.ghl_contact_id`, the payer, and the payment's status. */
export interface ContactHints {
  metadataContactId: unknown;
  status: string;
  email: string | null | undefined;
  firstName: string | null | undefined;
  lastName: string | null | undefined;
}

export const NO_CONTACT_MESSAGE =
  'no GHL contact: the payment has no metadata.ghl_contact_id, no registered external_reference and no payer email';

/** The statuses for which MercadoPago's payment answer carries the payer's email. */
export const STATUSES_WITH_PAYER_EMAIL: ReadonlySet<string> = new Set(['approved', 'refunded', 'charged_back']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The contact named by `metadata.ghl_contact_id` (string or number), or null; an id that could not be a GHL id is a
 * PermanentError when a contact is required (there are rules to run), rather than acting on someone else.
 */
export function readMetadataContact(hints: Pick<ContactHints, 'metadataContactId'>, required: boolean): ResolvedContact | null {
  const value = hints.metadataContactId;
  if (value === undefined || value === null || value === '') return null;
  const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (ghlIdSchema.safeParse(id).success) return { contactId: id, source: 'metadata' };
  if (required) throw new PermanentError('metadata.ghl_contact_id is not a valid GHL contact id');
  return null;
}

/**
 * Finds the GHL contact of a payment that has rules to run: its `metadata.ghl_contact_id`; else the contact already
 * stored for it; else an earlier payment with the same external reference; else an upsert by payer email. Null when
 * none is known and MercadoPago does not give the email in this status (pending, in_process …: the caller waits for a
 * later status); a PermanentError when the status should carry an email and does not, or it is not an address.
 */
export async function resolveContact(hints: ContactHints, stored: Payment, ctx: ProcessContext): Promise<ResolvedContact | null> {
  const fromMetadata = readMetadataContact(hints, true);
  if (fromMetadata) return fromMetadata;
  if (stored.ghlContactId) return { contactId: stored.ghlContactId, source: 'payment' };
  if (stored.externalReference) {
    const fromReference = await ctx.store.findContactIdByExternalReference(stored.externalReference);
    if (fromReference) return { contactId: fromReference, source: 'external-reference' };
  }
  const email = cleanText(hints.email, 320);
  if (!email) {
    if (!STATUSES_WITH_PAYER_EMAIL.has(hints.status.trim().toLowerCase())) return null;
    throw new PermanentError(NO_CONTACT_MESSAGE);
  }
  if (!EMAIL.test(email)) throw new PermanentError('no GHL contact: the payer email is not a valid address and the payment has no metadata.ghl_contact_id or registered external_reference');
  const contactId = await ctx.clients.ghl.upsertContact({ email, firstName: cleanText(hints.firstName, 100), lastName: cleanText(hints.lastName, 100) });
  return { contactId, source: 'upsert' };
}
