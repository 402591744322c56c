import { PermanentError } from '@ghl-payments/core';
import type { Payment } from '@ghl-payments/store';
import { ghlIdSchema } from './ghl-schemas';
import { cleanText } from './map-mp-payment';
import type { ProcessContext } from './process-types';

/** Where a payment's GHL contact came from; `cache`: an email resolved before in this location (contact_cache). */
export type ContactSource = 'metadata' | 'payment' | 'external-reference' | 'cache' | 'upsert';

export interface ResolvedContact {
  contactId: string;
  source: ContactSource;
  /** The email it was found by (cache, upsert). */
  email?: string;
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
 * stored for it; else an earlier payment with the same external reference; else the contact the payer's email resolved
 * to before in this location (no GoHighLevel call), else an upsert by payer email (remembered). `gone` skips the
 * stored contact and the cache, and never returns `gone` (a cached contact GoHighLevel said no longer exists). Null when
 * none is known and MercadoPago does not give the email in this status (pending, in_process …: the caller waits for a
 * later status); a PermanentError when the status should carry an email and does not, or it is not an address.
 */
export async function resolveContact(hints: ContactHints, stored: Payment, ctx: ProcessContext, gone?: string): Promise<ResolvedContact | null> {
  const fresh = gone !== undefined;
  const fromMetadata = readMetadataContact(hints, true);
  if (fromMetadata) return fromMetadata;
  if (stored.ghlContactId && !fresh) return { contactId: stored.ghlContactId, source: 'payment' };
  if (stored.externalReference) {
    const fromReference = await ctx.store.findContactIdByExternalReference(stored.externalReference);
    if (fromReference && fromReference !== gone) return { contactId: fromReference, source: 'external-reference' };
  }
  const email = cleanText(hints.email, 320);
  if (!email) {
    if (!STATUSES_WITH_PAYER_EMAIL.has(hints.status.trim().toLowerCase())) return null;
    throw new PermanentError(NO_CONTACT_MESSAGE);
  }
  if (!EMAIL.test(email)) throw new PermanentError('no GHL contact: the payer email is not a valid address and the payment has no metadata.ghl_contact_id or registered external_reference');
  const locationId = ctx.config.ghl.locationId;
  const cached = locationId && !fresh ? await ctx.store.findCachedContact(locationId, email) : null;
  if (cached) return { contactId: cached, source: 'cache', email };
  const contactId = await ctx.clients.ghl.upsertContact({ email, firstName: cleanText(hints.firstName, 100), lastName: cleanText(hints.lastName, 100) });
  if (locationId) await ctx.store.rememberContact(locationId, email, contactId, ctx.now());
  return { contactId, source: 'upsert', email };
}
