import { ACCOUNT_SLUG } from '@ghl-payments/store';
import { QueryError } from './query-error';

/**
 * Reads `account`: an account's slug, or `default` for the environment-configured shop; undefined when absent or
 * empty. An unknown but well-formed slug is accepted (it simply matches nothing).
 */
export function parseAccountParam(raw: string | undefined, name = 'account'): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  if (!ACCOUNT_SLUG.test(value)) throw new QueryError(name, 'must be an account slug (lower-case letters, digits and dashes, at most 24) or default');
  return value;
}
