import type { AxiosRequestTransformer, AxiosResponseTransformer } from 'axios';

/**
 * axios' request transform for a JSON API: an object is sent as JSON, a string or bytes as they are. axios' default
 * first checks for forms, files, blobs, streams and URL parameters on every request, none of which these clients send.
 */
export const toJsonBody: AxiosRequestTransformer = (data, headers) => {
  if (data === undefined || data === null || typeof data === 'string' || data instanceof Uint8Array) return data;
  headers.setContentType('application/json', false);
  return JSON.stringify(data);
};

/** axios' response transform for a JSON API: JSON text is parsed; anything else (an HTML error page) stays text. */
export const fromJsonBody: AxiosResponseTransformer = (data) => {
  if (typeof data !== 'string' || data === '') return data;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
};
