import { STATUS_CODES } from 'node:http';

/** GoHighLevel's (NestJS) error shape; `message` is an array for validation errors. */
export interface GhlErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}

/** The 401 for a missing or wrong bearer token. */
export const GHL_UNAUTHORIZED: GhlErrorBody = { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' };

/**
 * The 401 for a call without the `Version` header. The status and message text come from live probes published
 * with the public GoHighLevel skill docs ("version header was not found."); the OpenAPI specs do not show this body,
 * so whether an `error` field accompanies it is unconfirmed: the fake sends statusCode and message only.
 */
export const GHL_MISSING_VERSION: GhlErrorBody = { statusCode: 401, message: 'version header was not found.' };

/** The 401 for a `Version` header that is not a published API version (same source and caveat as above). */
export const GHL_INVALID_VERSION: GhlErrorBody = { statusCode: 401, message: 'version header is invalid' };

/** The answer for an unknown contact id (real GHL is unconfirmed between 400, 404 and 422; the fake uses 400). */
export const GHL_CONTACT_NOT_FOUND: GhlErrorBody = { statusCode: 400, message: 'Contact not found' };

/**
 * The 403 for a location the token does not belong to (a path, body or query `locationId`, or a contact, of another
 * location). Body as GoHighLevel answers it (quoted in GoHighLevel/highlevel-api-docs issue #213).
 */
export const GHL_LOCATION_FORBIDDEN: GhlErrorBody = { statusCode: 403, message: 'The token does not have access to this location.' };

/** The 400 for an unknown opportunity id in `POST /opportunities/upsert` (the references do not show it: fake's choice). */
export const GHL_OPPORTUNITY_NOT_FOUND: GhlErrorBody = { statusCode: 400, message: 'Opportunity not found' };

/** A 422 validation error listing what is wrong. */
export function ghlUnprocessable(messages: string[]): GhlErrorBody {
  return { statusCode: 422, message: messages, error: 'Unprocessable Entity' };
}

/** NestJS' 404 for a route that does not exist. */
export function ghlRouteNotFound(method: string, path: string): GhlErrorBody {
  return { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' };
}

/** A generic GoHighLevel error body for any status (faults, rate limit, bad JSON). */
export function ghlErrorFor(status: number): GhlErrorBody {
  if (status === 401) return GHL_UNAUTHORIZED;
  return { statusCode: status, message: STATUS_CODES[status] ?? 'Error' };
}
