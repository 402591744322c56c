import { PermanentError, RetryableError } from '@ghl-payments/core';
import type { RateLimit } from '@ghl-payments/core';
import { createHttpClient } from './http-agent';
import { createHash } from 'node:crypto';
import { HttpHooks, notifyHook } from './http-hooks';
import { parseResponse } from './parse-response';
import { createRateLimiter, LimiterClock, RateLimiter, systemClock } from './rate-limiter';
import { readGhlPause, readGhlRateLimitHeaders, readHeader } from './rate-limit-headers';
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
  /**
   * Sends nothing before `until` (a pause another process recorded, e.g. the daily limit): calls meanwhile defer
   * their event until then, not counted as a failure. Does not report onUpstreamPause (it is already known).
   */
  pause(until: number, reason: string): void;
  /** The long pause in force (daily limit or a long Retry-After), or null. */
  paused(): { until: number; reason: string } | null;
  close(): void;
}

const SERVICE = { service: 'ghl' as const, serviceName: 'GoHighLevel' };
/** A pause at least this long is reported to operators (onUpstreamPause) and shared with other workers. */
export const LONG_PAUSE_MS = 5 * 60 * 1000;

/** Identifies the contact an upsert is about without keeping the email itself (for the circuit breaker). */
function emailResource(email: string): string {
  return `POST /contacts/upsert ${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
}

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

  /** How long GHL wants us to pause: the longest of Retry-After and its interval; longer when the daily budget is spent. */
  const pauseMs = (headers: Record<string, unknown>, now: number): number => readGhlPause(headers, now)?.ms ?? DEFAULT_RATE_LIMIT_DELAY_MS;

  let longPause: { until: number; reason: string } | null = null;
  const currentPause = (now: number) => (longPause && longPause.until > now ? longPause : null);
  const applyPause = (until: number, reason: string): boolean => {
    limiter.holdUntil(until);
    const known = currentPause(options.now());
    if (known && known.until >= until) return false;
    longPause = { until, reason };
    return !known;
  };

  /** A long pause holds every call of this client and is reported once (alert, shared record) when it starts. */
  const startLongPause = (status: number, headers: Record<string, unknown>, now: number, ms: number, daily: boolean): void => {
    const retryAfter = readHeader(headers, 'retry-after');
    const why = `HTTP ${status}${retryAfter !== undefined ? `, Retry-After ${String(retryAfter)}` : ''}`
      + `${readGhlRateLimitHeaders(headers).dailyRemaining === 0 ? ', X-RateLimit-Daily-Remaining 0' : ''}`;
    const reason = daily ? `daily GoHighLevel limit reached (${why})` : `GoHighLevel asked for a pause of ${Math.round(ms / 1000)}s (${why})`;
    const until = now + ms;
    if (applyPause(until, reason)) notifyHook(options.hooks, 'onUpstreamPause', { service: 'ghl', until, reason, daily });
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
        const pause = readGhlPause(headers, now);
        const ms = pause?.ms ?? DEFAULT_RATE_LIMIT_DELAY_MS;
        if (pause && (pause.daily || ms >= LONG_PAUSE_MS)) startLongPause(status, headers, now, ms, pause.daily);
        else limiter.holdUntil(now + ms);
      }
    },
  };

  const send = async (request: UpstreamRequest, needsLocation: boolean) => {
    if (!token) throw new RetryableError('GHL_API_TOKEN is not set: GoHighLevel cannot be called', { service: 'ghl' });
    if (needsLocation && !locationId) throw new RetryableError('GHL_LOCATION_ID is not set: GoHighLevel contacts cannot be found', { service: 'ghl' });
    const pause = currentPause(options.now());
    if (pause) {
      // checked here, where a call is about to be made: events that need no GHL call keep completing meanwhile
      throw new RetryableError(`GoHighLevel paused until ${new Date(pause.until).toISOString()}: ${pause.reason}; event deferred, not counted as a failure`, {
        service: 'ghl', notBefore: pause.until, countsAsAttempt: false,
      });
    }
    await limiter.acquire();
    return sendRequest(upstream, request);
  };

  return {
    limiter,
    pause: (until, reason) => { applyPause(until, reason); },
    paused: () => currentPause(options.now()),
    async upsertContact(input) {
      const body: Record<string, string> = { locationId: locationId ?? '', email: input.email };
      if (input.firstName) body.firstName = input.firstName;
      if (input.lastName) body.lastName = input.lastName;
      const response = await send({
        method: 'POST', path: '/contacts/upsert', route: '/contacts/upsert', data: body, resource: emailResource(input.email),
      }, true);
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
