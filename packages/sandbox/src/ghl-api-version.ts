import { GHL_INVALID_VERSION, GHL_MISSING_VERSION, GhlErrorBody } from './ghl-errors';

/**
 * The `Version` header values GoHighLevel accepts. Every endpoint the fake serves declares `2021-07-28` in its spec
 * (contacts.json, locations.json, opportunities.json); GoHighLevel's Versioning page publishes 2021-04-15,
 * 2021-07-28, 2023-02-21 and v3, and live probes show each accepted on existing paths, so a client (the official
 * SDK defaults to 2023-02-21) is not refused for sending another published one.
 */
export const GHL_API_VERSIONS: readonly string[] = ['2021-07-28', '2021-04-15', '2023-02-21', 'v3'];

/** The 401 body GoHighLevel gives for this `Version` header, or null when it is accepted. */
export function checkGhlVersion(version: string | undefined): GhlErrorBody | null {
  if (version === undefined || version === '') return GHL_MISSING_VERSION;
  return GHL_API_VERSIONS.includes(version) ? null : GHL_INVALID_VERSION;
}
