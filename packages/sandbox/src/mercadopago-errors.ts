import { STATUS_CODES } from 'node:http';

/** MercadoPago's one error shape. */
export interface MercadoPagoErrorBody {
  message: string;
  error: string;
  status: number;
  cause: Array<{ code: number; description: string; data: unknown }>;
}

/** The 401 MercadoPago answers without a valid access token. */
export const MP_UNAUTHORIZED: MercadoPagoErrorBody = {
  message: 'Must provide your access_token to proceed', error: 'unauthorized', status: 401, cause: [],
};

/** A `not_found` error body, e.g. `Payment not found` (cause code 2000, as MercadoPago sends for payments). */
export function mercadoPagoNotFound(message: string): MercadoPagoErrorBody {
  return { message, error: 'not_found', status: 404, cause: [{ code: 2000, description: message, data: null }] };
}

/**
 * The 403 MercadoPago answers for a resource the token's account may not read (another collector's payment). Source:
 * the API reference of GET /v1/payments/{id} (403, cause code 4 "The caller is not authorized to access this resource.").
 */
export const MP_FORBIDDEN: MercadoPagoErrorBody = {
  message: 'The caller is not authorized to access this resource.', error: 'forbidden', status: 403,
  cause: [{ code: 4, description: 'The caller is not authorized to access this resource.', data: null }],
};

/** A 400 for a request MercadoPago would reject, e.g. a preference without items. */
export function mercadoPagoBadRequest(message: string, error = 'bad_request'): MercadoPagoErrorBody {
  return { message, error, status: 400, cause: [] };
}

/** A generic MercadoPago error body for any status (used by faults): `{message, error: snake_case, status, cause: []}`. */
export function mercadoPagoErrorFor(status: number): MercadoPagoErrorBody {
  if (status === 401) return MP_UNAUTHORIZED;
  const message = STATUS_CODES[status] ?? 'Error';
  return { message, error: message.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''), status, cause: [] };
}
