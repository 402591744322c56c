import { PermanentError, RetryableError } from '@ghl-payments/core';
import type { RateLimit } from '@ghl-payments/core';
import { createHttpClient } from './http-agent';
import type { HttpHooks } from './http-hooks';
import { parseResponse } from './parse-response';
import { createRateLimiter, LimiterClock, RateLimiter, systemClock } from './rate-limiter';
import { readGhlRateLimitHeaders, readRetryAfterMs } from './rate-limit-headers';
import { DEFAULT_RATE_LIMIT_DELAY_MS } from './map-http-error';
import { sendRequest, Upstream, UpstreamRequest } from './send-request';
import { ghlIdSchema, GhlLocation, ghlLocationResponseSchema, ghlTagsResponseSchema, ghlUpsertResponseSchema } from './ghl-schemas';

export interface GhlClientOptions {
  apiUrl: string;
  token?: string;
  locationId?: string;
  apiVersion: string;
  timeoutMs: number;
  /** Client-side budget shared by every task using this client; null = no client-side limit. */
  rateLimit: RateLimit | null;
  now: () => number;
  /** How calls wait for the limiter (default: real timers). */
  sleep?: (ms: number) => Promise<void>;
  /** Longest a call waits for a rate-limit slot before the event is deferred instead (default 15 s). */
  maxRateLimitWaitMs?: number;
  hooks?: HttpHooks;
  /** Other secret values to scrub from error messages (e.g. every secret of the Config). */
  secrets?: readonly string[];
}

export interface UpsertContactInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** The three GoHighLevel calls the product makes. Every failure is a RetryableError or a PermanentError. */
export interface GhlClient {
  /** POST /contacts/upsert (never with tags: that would replace all of them); returns the contact id. */
  upsertContact(input: UpsertContactInput): Promise<string>;
  /** POST /contacts/{id}/tags: adds the tags, keeping the contact's others. */
  addTags(contactId: string, tags: readonly string[]): Promise<void>;
  /** GET /locations/{locationId} (for `doctor`). */
  getLocation(): Promise<GhlLocation>;
  /** The shared limiter (exposed for metrics and tests). */
  readonly limiter: RateLimiter;
  close(): void;
}

const SERVICE = { service: 'ghl' as const, serviceName: 'GoHighLevel' };
const DAILY_LIMIT_PAUSE_MS = 60 * 60 * 1000;

/** Creates the GHL client: Bearer + Version headers, keep-alive, shared rate limiter, adaptive to X-RateLimit-* headers. */
export function createGhlClient(options: GhlClientOptions): GhlClient {
  const token = options.token?.trim() || undefined;
  const locationId = options.locationId?.trim() || undefined;
  const clock: LimiterClock = { now: options.now, sleep: options.sleep ?? systemClock.sleep };
  const limiter = createRateLimiter({
    limit: options.rateLimit, maxWaitMs: options.maxRateLimitWaitMs ?? 15_000, clock, service: 'ghl', hooks: options.hooks,
  });
  const http = createHttpClient({
    baseURL: options.apiUrl,
    timeoutMs: options.timeoutMs,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), Version: options.apiVersion, 'Content-Type': 'application/json' },
  });

  /** How long GHL wants us to pause: a day-long pause when the daily budget is spent, else its interval. */
  const pauseMs = (headers: Record<string, unknown>, now: number): number => {
    const limits = readGhlRateLimitHeaders(headers);
    if (limits.dailyRemaining === 0) return DAILY_LIMIT_PAUSE_MS;
    return limits.intervalMs ?? readRetryAfterMs(headers, now) ?? DEFAULT_RATE_LIMIT_DELAY_MS;
  };

  const upstream: Upstream = {
    ...SERVICE,
    http,
    now: options.now,
    hooks: options.hooks,
    credentialHint: 'GHL_API_TOKEN (its scopes must include contacts.write) and GHL_LOCATION_ID',
    urlVariable: 'GHL_API_URL',
    secrets: [...(token ? [token] : []), ...(options.secrets ?? [])],
    rateLimitDelayMs: pauseMs,
    onResponse(status, headers) {
      const limits = readGhlRateLimitHeaders(headers);
      if (status === 429 || limits.remaining === 0 || limits.dailyRemaining === 0) {
        const now = options.now();
        limiter.holdUntil(now + pauseMs(headers, now));
      }
    },
  };

  const send = async (request: UpstreamRequest, needsLocation: boolean) => {
    if (!token) throw new RetryableError('GHL_API_TOKEN is not set: GoHighLevel cannot be called', { service: 'ghl' });
    if (needsLocation && !locationId) throw new RetryableError('GHL_LOCATION_ID is not set: GoHighLevel contacts cannot be found', { service: 'ghl' });
    await limiter.acquire();
    return sendRequest(upstream, request);
  };

  return {
    limiter,
    async upsertContact(input) {
      const body: Record<string, string> = { locationId: locationId ?? '', email: input.email };
      if (input.firstName) body.firstName = input.firstName;
      if (input.lastName) body.lastName = input.lastName;
      const response = await send({ method: 'POST', path: '/contacts/upsert', route: '/contacts/upsert', data: body }, true);
      const parsed = parseResponse(ghlUpsertResponseSchema, response.data, { ...SERVICE, operation: 'POST /contacts/upsert' });
      return parsed.contact.id;
    },
    async addTags(contactId, tags) {
      if (!ghlIdSchema.safeParse(contactId).success) {
        throw new PermanentError(`"${contactId.slice(0, 140)}" is not a valid GHL contact id`, { service: 'ghl' });
      }
      const path = `/contacts/${contactId}/tags`;
      const response = await send({
        method: 'POST', path, route: '/contacts/:id/tags', data: { tags: [...tags] },
        notFoundMessage: `GHL contact ${contactId} not found`,
      }, false);
      parseResponse(ghlTagsResponseSchema, response.data === '' ? null : response.data, { ...SERVICE, operation: `POST ${path}` });
    },
    async getLocation() {
      const path = `/locations/${encodeURIComponent(locationId ?? '')}`;
      const response = await send({ method: 'GET', path, route: '/locations/:id' }, true);
      return parseResponse(ghlLocationResponseSchema, response.data, { ...SERVICE, operation: `GET ${path}` }).location;
    },
    close: () => http.close(),
  };
}
