import { STATUS_CODES } from 'node:http';

/** GoHighLevel's (NestJS) error shape; `message` is an array for validation errors. */
export interface GhlErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}

/** The 401 for a missing or wrong bearer token. */
export const GHL_UNAUTHORIZED: GhlErrorBody = { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' };

/** The 400 for a contacts call without the `Version` header. */
export const GHL_MISSING_VERSION: GhlErrorBody = { statusCode: 400, message: 'version header was not found' };

/** The answer for an unknown contact id (real GHL is unconfirmed between 400, 404 and 422; the fake uses 400). */
export const GHL_CONTACT_NOT_FOUND: GhlErrorBody = { statusCode: 400, message: 'Contact not found' };

/** The 403 for a location the token does not belong to. */
export const GHL_LOCATION_FORBIDDEN: GhlErrorBody = { statusCode: 403, message: 'The token does not have access to this location.' };

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
