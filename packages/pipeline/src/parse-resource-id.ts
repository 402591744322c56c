import { PermanentError } from '@ghl-payments/core';

const RESOURCE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The MercadoPago id an event points at (a bare id, or the last segment of a resource URL); anything else is permanent. */
export function parseResourceId(raw: string, what: string): string {
  const trimmed = raw.trim();
  const candidate = /^https?:\/\//i.test(trimmed) ? trimmed.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? '' : trimmed;
  if (!RESOURCE_ID.test(candidate)) {
    throw new PermanentError(`invalid ${what} id ${JSON.stringify(trimmed.slice(0, 80))}`);
  }
  return candidate;
}
