import { redactText } from '@ghl-payments/core';

const MAX_ERROR_LENGTH = 2000;

/**
 * Trims an error message to what the column keeps. Callers redact the configured secrets first (the store does not
 * know them); bearer tokens and URL passwords are redacted here too, before the cut, so no cut can keep a prefix.
 */
export function truncateError(message: string): string {
  const clean = redactText(message, []);
  return clean.length > MAX_ERROR_LENGTH ? `${clean.slice(0, MAX_ERROR_LENGTH - 1)}…` : clean;
}
