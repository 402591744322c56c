import { PermanentError, RetryableError } from '@ghl-payments/core';
import type { RateLimit } from '@ghl-payments/core';
import { createHttpClient } from './http-agent';
import { createHash } from 'node:crypto';
import { HttpHooks, notifyHook } from './http-hooks';
import { parseResponse } from './parse-response';
import { createRateLimiter, LimiterClock, RateLimiter, systemClock } from './rate-limiter';
import { readGhlPause, readGhlRateLimitHeaders, readHeader } from './rate-limit-headers';
import { DEFAULT_RATE_LIMIT_DELAY_MS, missingCredential } from './map-http-error';
import { sendRequest, Upstream, UpstreamRequest } from './send-request';
import { createSharedRateLimiter, SharedBudget } from './shared-rate-limiter';
import {
  GhlContactDetails, ghlContactDetailsResponseSchema, ghlContactResponseSchema, GhlCustomField, ghlCustomFieldsResponseSchema, ghlIdSchema, GhlNote, ghlNotesResponseSchema, GhlLocation, ghlLocationResponseSchema, ghlNoteResponseSchema,
  ghlOpportunityUpsertResponseSchema, ghlRemoveTagsResponseSchema, ghlTagsResponseSchema, ghlUpdateContactResponseSchema,
  ghlUpsertResponseSchema, ghlWorkflowResponseSchema,
} from './ghl-schemas';

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
  /**
   * The budget shared by every process (the Store): with it, `rateLimit` is enforced for the location across all
   * workers through the database (`shared-rate-limiter.ts`); without it, within this process only.
   */
  budget?: SharedBudget;
  hooks?: HttpHooks;
  /** Other secret values to scrub from error messages (e.g. every secret of the Config). */
  secrets?: readonly string[];
}

export interface UpsertContactInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
}

/** What `upsertOpportunity` sends: the opportunity of this contact in this pipeline. */
export interface UpsertOpportunityInput {
  pipelineId: string;
  pipelineStageId: string;
  contactId: string;
  name: string;
  status: 'open' | 'won' | 'lost' | 'abandoned';
  monetaryValue?: number;
}

/** The GoHighLevel calls the product makes. Every failure is a RetryableError or a PermanentError. */
export interface GhlClient {
  /** POST /contacts/upsert (never with tags: that would replace all of them); returns the contact id. */
  upsertContact(input: UpsertContactInput): Promise<string>;
  /** POST /contacts/{id}/tags: adds the tags, keeping the contact's others. */
  addTags(contactId: string, tags: readonly string[]): Promise<void>;
  /** GET /contacts/{id}: the contact's current tags. */
  getContactTags(contactId: string): Promise<string[]>;
  /** GET /contacts/{id}: the contact's email, names and phone (a payment link's payer). */
  getContact(contactId: string): Promise<GhlContactDetails>;
  /** DELETE /contacts/{id}/tags: removes these tags, keeping the others. */
  removeTags(contactId: string, tags: readonly string[]): Promise<void>;
  /** GET /locations/{locationId}/customFields: the location's custom fields. */
  listCustomFields(): Promise<GhlCustomField[]>;
  /** PUT /contacts/{id} with customFields: sets these values (by field id). */
  setCustomFields(contactId: string, fields: ReadonlyArray<{ id: string; value: string }>): Promise<void>;
  /** GET /contacts/{id}/notes: the contact's notes. */
  listNotes(contactId: string): Promise<GhlNote[]>;
  /** POST /contacts/{id}/notes: adds a note; returns its id. */
  addNote(contactId: string, body: string): Promise<string>;
  /** POST /contacts/{id}/workflow/{workflowId}. */
  addToWorkflow(contactId: string, workflowId: string): Promise<void>;
  /** DELETE /contacts/{id}/workflow/{workflowId}. */
  removeFromWorkflow(contactId: string, workflowId: string): Promise<void>;
  /** POST /opportunities/upsert; returns the opportunity id. */
  upsertOpportunity(input: UpsertOpportunityInput): Promise<string>;
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
/** GoHighLevel's explanation for a contact id it does not know. */
const CONTACT_NOT_FOUND = /\(HTTP 4\d\d: contact not found\)$/i;

/**
 * The scope each call needs, exactly as the `security` section of its operation in GoHighLevel's OpenAPI specs
 * (GoHighLevel/highlevel-api-docs apps/contacts.json, locations.json, opportunities.json) names it. Every one of
 * these operations declares `Version: 2021-07-28`, the client's configured GHL_API_VERSION.
 */
export const GHL_SCOPES = {
  /** upsert, tags, custom field values (PUT /contacts/{id}), notes, workflow enrolment. */
  contactsWrite: 'contacts.write',
  /** GET /contacts/{id} and GET /contacts/{id}/notes. */
  contactsRead: 'contacts.readonly',
  /** GET /locations/{locationId}/customFields. */
  customFieldsRead: 'locations/customFields.readonly',
  /** GET /locations/{locationId}. */
  locationsRead: 'locations.readonly',
  /** POST /opportunities/upsert. */
  opportunitiesWrite: 'opportunities.write',
} as const;
type GhlScope = typeof GHL_SCOPES[keyof typeof GHL_SCOPES];


/** GoHighLevel's 403 body when the token belongs to another sub-account than the location or contact asked for. */
const LOCATION_FORBIDDEN = /does not have access to this location/i;

/** Refuses, without calling GoHighLevel, an id that could not be a GHL id (it goes into a URL path). */
function checkGhlId(kind: 'contact' | 'workflow', id: string): void {
  if (!ghlIdSchema.safeParse(id).success) throw new PermanentError(`"${id.slice(0, 140)}" is not a valid GHL ${kind} id`, { service: 'ghl' });
}

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
  const maxWaitMs = options.maxRateLimitWaitMs ?? 15_000;
  const limiter: RateLimiter = options.budget && options.rateLimit && locationId
    ? createSharedRateLimiter({ budget: options.budget, key: locationId, limit: options.rateLimit, maxWaitMs, clock, service: 'ghl', hooks: options.hooks })
    : createRateLimiter({ limit: options.rateLimit, maxWaitMs, clock, service: 'ghl', hooks: options.hooks });
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
    credentialHint: 'GHL_API_TOKEN and GHL_LOCATION_ID', // each call names its scope instead (callUpstream)
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

  /** The error policy of one call: the scope it needs in the credentials hint, and its 403 for another location. */
  const callUpstream = (operation: string, scope: GhlScope): Upstream => ({
    ...upstream,
    credentialHint: `GHL_API_TOKEN (its scopes must include ${scope}) and GHL_LOCATION_ID`,
    permanentMessage: (status, detail) => (status === 403 && LOCATION_FORBIDDEN.test(detail)
      ? `GoHighLevel refused ${operation}: the token does not have access to location ${locationId ?? '(GHL_LOCATION_ID unset)'} (HTTP 403); `
        + 'check GHL_LOCATION_ID and that GHL_API_TOKEN belongs to that sub-account'
      : upstream.permanentMessage?.(status, detail)),
  });

  const send = async (request: UpstreamRequest, needsLocation: boolean, scope: GhlScope) => {
    if (!token) throw missingCredential('GHL_API_TOKEN is not set: GoHighLevel cannot be called', 'ghl');
    if (needsLocation && !locationId) throw missingCredential('GHL_LOCATION_ID is not set: GoHighLevel contacts cannot be found', 'ghl');
    const pause = currentPause(options.now());
    if (pause) {
      // checked here, where a call is about to be made: events that need no GHL call keep completing meanwhile
      throw new RetryableError(`GoHighLevel paused until ${new Date(pause.until).toISOString()}: ${pause.reason}; event deferred, not counted as a failure`, {
        service: 'ghl', notBefore: pause.until, countsAsAttempt: false,
      });
    }
    await limiter.acquire();
    return sendRequest(callUpstream(`${request.method} ${request.path}`, scope), request);
  };
  const operationOf = (request: UpstreamRequest) => ({ ...SERVICE, operation: `${request.method} ${request.path}` });
  /** Sends a call about one contact (`/contacts/{id}...`); a 404 names the contact. */
  const sendForContact = async (contactId: string, request: Omit<UpstreamRequest, 'notFoundMessage'>, scope: GhlScope = GHL_SCOPES.contactsWrite) => {
    checkGhlId('contact', contactId);
    const notFoundMessage = `GHL contact ${contactId} not found`;
    try {
      return await send({ ...request, notFoundMessage }, false, scope);
    } catch (err) {
      // GoHighLevel answers an unknown contact id with 400 "Contact not found" (the fake's choice among 400/404/422) or 404
      if (err instanceof PermanentError && (err.message === notFoundMessage || CONTACT_NOT_FOUND.test(err.message))) {
        throw new PermanentError(`${notFoundMessage} in GoHighLevel (deleted, or merged into another contact)`, { service: 'ghl', reason: 'contact-not-found' });
      }
      throw err;
    }
  };

  /** POST (enrol) or DELETE (remove) /contacts/{id}/workflow/{workflowId}; `succeded: false` is a permanent failure. */
  const changeWorkflow = async (method: 'POST' | 'DELETE', contactId: string, workflowId: string): Promise<void> => {
    checkGhlId('workflow', workflowId);
    // CreateWorkflowDto's only property (eventStartTime) is optional: an empty object enrols now
    const request: UpstreamRequest = { method, path: `/contacts/${contactId}/workflow/${workflowId}`, route: '/contacts/:id/workflow/:workflowId', data: {} };
    const response = await sendForContact(contactId, request);
    const answer = parseResponse(ghlWorkflowResponseSchema, emptyAsNull(response.data), operationOf(request));
    if (answer?.succeded === false) {
      throw new PermanentError(`GoHighLevel answered succeded: false to ${method} ${request.path}: check that workflow ${workflowId} exists and is published`, { service: 'ghl' });
    }
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
      }, true, GHL_SCOPES.contactsWrite);
      const parsed = parseResponse(ghlUpsertResponseSchema, response.data, { ...SERVICE, operation: 'POST /contacts/upsert' });
      return parsed.contact.id;
    },
    async addTags(contactId, tags) {
      const request: UpstreamRequest = { method: 'POST', path: `/contacts/${contactId}/tags`, route: '/contacts/:id/tags', data: { tags: [...tags] } };
      const response = await sendForContact(contactId, request);
      parseResponse(ghlTagsResponseSchema, emptyAsNull(response.data), operationOf(request));
    },
    async getContactTags(contactId) {
      const request: UpstreamRequest = { method: 'GET', path: `/contacts/${contactId}`, route: '/contacts/:id' };
      const response = await sendForContact(contactId, request, GHL_SCOPES.contactsRead);
      return parseResponse(ghlContactResponseSchema, response.data, operationOf(request)).contact.tags ?? [];
    },
    async getContact(contactId) {
      const request: UpstreamRequest = { method: 'GET', path: `/contacts/${contactId}`, route: '/contacts/:id' };
      const response = await sendForContact(contactId, request, GHL_SCOPES.contactsRead);
      const { contact } = parseResponse(ghlContactDetailsResponseSchema, response.data, operationOf(request));
      const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
      return { id: contact.id, email: text(contact.email), firstName: text(contact.firstName), lastName: text(contact.lastName), phone: text(contact.phone) };
    },
    async removeTags(contactId, tags) {
      if (tags.length === 0) return;
      const request: UpstreamRequest = { method: 'DELETE', path: `/contacts/${contactId}/tags`, route: '/contacts/:id/tags', data: { tags: [...tags] } };
      const response = await sendForContact(contactId, request);
      parseResponse(ghlRemoveTagsResponseSchema, emptyAsNull(response.data), operationOf(request));
    },
    async listCustomFields() {
      // model=contact: the values are set on contacts (PUT /contacts/{id}), so only contact fields can be used
      const request: UpstreamRequest = {
        method: 'GET', path: `/locations/${encodeURIComponent(locationId ?? '')}/customFields?model=contact`, route: '/locations/:id/customFields',
      };
      const response = await send(request, true, GHL_SCOPES.customFieldsRead);
      return parseResponse(ghlCustomFieldsResponseSchema, response.data, operationOf(request)).customFields
        .map((field) => ({ id: field.id, name: field.name ?? '', fieldKey: field.fieldKey, dataType: field.dataType ?? null }));
    },
    async setCustomFields(contactId, fields) {
      if (fields.length === 0) return;
      const request: UpstreamRequest = {
        method: 'PUT', path: `/contacts/${contactId}`, route: '/contacts/:id',
        data: { customFields: fields.map((field) => ({ id: field.id, field_value: field.value })) },
      };
      const response = await sendForContact(contactId, request);
      parseResponse(ghlUpdateContactResponseSchema, emptyAsNull(response.data), operationOf(request));
    },
    async listNotes(contactId) {
      const request: UpstreamRequest = { method: 'GET', path: `/contacts/${contactId}/notes`, route: '/contacts/:id/notes' };
      const response = await sendForContact(contactId, request, GHL_SCOPES.contactsRead);
      return parseResponse(ghlNotesResponseSchema, response.data, operationOf(request)).notes.map((note) => ({ id: note.id, body: note.body ?? '' }));
    },
    async addNote(contactId, body) {
      const request: UpstreamRequest = { method: 'POST', path: `/contacts/${contactId}/notes`, route: '/contacts/:id/notes', data: { body } };
      const response = await sendForContact(contactId, request);
      return parseResponse(ghlNoteResponseSchema, response.data, operationOf(request)).note.id;
    },
    async addToWorkflow(contactId, workflowId) {
      await changeWorkflow('POST', contactId, workflowId);
    },
    async removeFromWorkflow(contactId, workflowId) {
      await changeWorkflow('DELETE', contactId, workflowId);
    },
    async upsertOpportunity(input) {
      checkGhlId('contact', input.contactId);
      const data: Record<string, string | number> = {
        locationId: locationId ?? '', pipelineId: input.pipelineId, pipelineStageId: input.pipelineStageId,
        contactId: input.contactId, name: input.name, status: input.status,
      };
      if (input.monetaryValue !== undefined) data.monetaryValue = input.monetaryValue;
      const request: UpstreamRequest = {
        method: 'POST', path: '/opportunities/upsert', route: '/opportunities/upsert', data,
        resource: `POST /opportunities/upsert ${input.contactId} ${input.pipelineId}`,
      };
      const response = await send(request, true, GHL_SCOPES.opportunitiesWrite);
      return parseResponse(ghlOpportunityUpsertResponseSchema, response.data, operationOf(request)).opportunity.id;
    },
    async getLocation() {
      const request: UpstreamRequest = { method: 'GET', path: `/locations/${encodeURIComponent(locationId ?? '')}`, route: '/locations/:id' };
      const response = await send(request, true, GHL_SCOPES.locationsRead);
      return parseResponse(ghlLocationResponseSchema, response.data, operationOf(request)).location;
    },
    close: () => http.close(),
  };
}

/** An empty answer body (axios gives '') read as no body. */
function emptyAsNull(data: unknown): unknown {
  return data === '' ? null : data;
}
