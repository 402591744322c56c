import { randomBytes, randomUUID } from 'node:crypto';
import { FakeExchange, FakeServerOptions, startFakeServer } from './fake-http-server';
import { FaultRule } from './fault-injector';
import { checkGhlVersion } from './ghl-api-version';
import { ContactBook, ContactFields, copyContact, createContactBook, GhlContact } from './ghl-contacts';
import { CustomFieldSeed, GhlCustomFieldDefinition, GhlCustomFieldValue } from './ghl-custom-fields';
import {
  GHL_CONTACT_NOT_FOUND, GHL_LOCATION_FORBIDDEN, GHL_OPPORTUNITY_NOT_FOUND, GHL_UNAUTHORIZED, ghlErrorFor, ghlRouteNotFound, ghlUnprocessable,
} from './ghl-errors';
import {
  applyGhlLocationFault, bearerToken, checkGhlLocations, createGhlLocationState, GhlLocationAccess, GhlLocationState, resetGhlLocationState,
} from './ghl-locations';
import { copyOpportunity, GhlOpportunity, OpportunityFields } from './ghl-opportunities';
import {
  NOTES_DTO, TAGS_DTO, UPDATE_CONTACT_DTO, UPSERT_CONTACT_DTO, UPSERT_OPPORTUNITY_DTO, WORKFLOW_DTO,
} from './ghl-request-dtos';
import { GhlDto, validateGhlBody } from './ghl-validation';
import { createRateLimiter, GHL_DAILY_LIMIT, RateLimiter, RateLimitOptions, RateLimitState } from './rate-limiter';
import { RecordedRequest } from './request-recorder';
import { createRouteTable } from './route-table';

export type { GhlLocationAccess } from './ghl-locations';

export interface FakeGhlOptions extends FakeServerOptions {
  /** The default location's bearer token; default `TEST-ghl-token`. */
  token?: string;
  /** The default location; default `loc-test`. */
  locationId?: string;
  /**
   * More sub-accounts, each with its own token bound to its location (as GoHighLevel's sub-account Private Integration
   * tokens are): a request belongs to the location of its bearer token, and anything of another location answers 403.
   * Location ids and tokens must all differ (the default one's included).
   */
  locations?: GhlLocationAccess[];
  /**
   * Enforce a budget on every location, each with its own window (429 beyond it); default null: unlimited, with
   * GoHighLevel's 100 / 10 s reported in headers.
   */
  rateLimit?: RateLimitOptions | null;
}

/** One successful `POST /contacts/:contactId/tags`. */
export interface TagCall {
  contactId: string;
  tags: string[];
  at: number;
}

/** A note as `POST /contacts/{contactId}/notes` answers it (contacts.json NotesDTO response). */
export interface GhlNote {
  id: string;
  body: string;
  userId?: string;
  title?: string;
  color?: string;
  pinned?: boolean;
  contactId: string;
  dateAdded: string;
}

/** One successful `POST` (added) or `DELETE` (removed) `/contacts/{contactId}/workflow/{workflowId}`. */
export interface WorkflowCall {
  contactId: string;
  workflowId: string;
  action: 'added' | 'removed';
  eventStartTime?: string;
  at: number;
}

/** How a test seeds a contact: any contact fields; `id` defaults to one derived from the email (or phone). */
export interface GhlContactSeed {
  id?: string;
  email?: string;
  firstName?: string;
  tags?: string[];
  [field: string]: unknown;
}

/**
 * One location (sub-account) of the fake, seen from a test: its data and the calls made with its token. Get it with
 * `fake.location(locationId)`; the default location's view is what the top-level methods of FakeGhl read.
 */
export interface FakeGhlLocation {
  readonly locationId: string;
  /** The bearer token bound to this location. */
  readonly token: string;
  /** Pre-seeds a contact of this location (or updates the one with that email) and returns its id. */
  addContact(contact: GhlContactSeed): { id: string };
  /** This location's contact with this id (custom field values included), else undefined. */
  getContact(id: string): GhlContact | undefined;
  findContactByEmail(email: string): GhlContact | undefined;
  /** Every successful tag addition made with this location's token, in order, with the tags as sent. */
  tagCalls(): TagCall[];
  /** Defines a custom field of this location (`key`: `mp_amount` or `contact.mp_amount`); returns its id. */
  addCustomField(seed: CustomFieldSeed): string;
  customFields(): GhlCustomFieldDefinition[];
  /** The custom field values a contact of this location holds, by field id. */
  customFieldValues(contactId: string): Record<string, unknown>;
  /** The notes added to a contact of this location, oldest first. */
  notes(contactId: string): GhlNote[];
  /** Every successful workflow enrolment and removal made with this location's token, in order. */
  workflowCalls(): WorkflowCall[];
  /** The workflows a contact is enrolled in now (added and not removed since). */
  workflowsOf(contactId: string): string[];
  opportunities(): GhlOpportunity[];
  /** How many 429s were answered to requests carrying this location's token (its budget, its faults, server-wide faults). */
  rateLimited(): number;
  /** Replaces this location's enforced budget only (null: unlimited); its window starts empty. */
  setRateLimit(limit: RateLimitOptions | null): void;
  /**
   * Queues a fault for requests carrying this location's token only (other tokens are answered normally). It applies
   * after the server-wide faults and the token check, before routing, the Version check and the rate limit.
   */
  fail(rule: FaultRule): void;
  /** Drops this location's queued faults. */
  clearFaults(): void;
}

/**
 * A fake GoHighLevel API v2 on 127.0.0.1: contacts (upsert, tags, custom fields, notes, workflows), opportunities,
 * locations. It serves one default location (`token` → `locationId`) plus any `options.locations`; each token is bound
 * to its location, and every location has its own contacts, custom fields, notes, workflow and tag calls,
 * opportunities, rate-limit window and fault queue.
 *
 * The top-level methods are the default location's, except where noted: `getContact` and `addContact({ locationId })`
 * reach any location, `rateLimited` is the total, `setRateLimit` applies to every location, and `fail` queues a
 * server-wide fault (any token, before authentication). Read or seed another location with `location(locationId)`.
 */
export interface FakeGhl {
  /** e.g. `http://127.0.0.1:43126`, no trailing slash. */
  url: string;
  /** The default location's token. */
  token: string;
  /** The default location. */
  locationId: string;
  requests: RecordedRequest[];
  /**
   * Pre-seeds a contact (or updates the one with that email) and returns its id. `locationId` seeds it in another
   * location, configured or not: the default token then gets 403 for it. Contact ids are unique across locations.
   */
  addContact(contact: GhlContactSeed & { locationId?: string }): { id: string };
  /** A contact of any location, with its custom field values (`customFields: [{id, value}]`, as GET answers). */
  getContact(id: string): GhlContact | undefined;
  findContactByEmail(email: string): GhlContact | undefined;
  /** Every successful tag addition, in order, with the tags as sent. */
  tagCalls(): TagCall[];
  /** Defines a custom field of the token's location (`key`: `mp_amount` or `contact.mp_amount`); returns its id. */
  addCustomField(seed: CustomFieldSeed): string;
  customFields(): GhlCustomFieldDefinition[];
  /** The custom field values a contact holds, by field id. */
  customFieldValues(contactId: string): Record<string, unknown>;
  /** The notes added to a contact, oldest first. */
  notes(contactId: string): GhlNote[];
  /** Every successful workflow enrolment and removal, in order. */
  workflowCalls(): WorkflowCall[];
  /** The workflows a contact is enrolled in now (added and not removed since). */
  workflowsOf(contactId: string): string[];
  opportunities(): GhlOpportunity[];
  /** How many 429s it answered in total, every location and token (rate limits and injected faults). */
  rateLimited(): number;
  /** Replaces the enforced budget of every location (null: unlimited); each location gets its own empty window. */
  setRateLimit(limit: RateLimitOptions | null): void;
  /** Queues a server-wide fault: it hits matching requests whatever their token, before authentication. */
  fail(rule: FaultRule): void;
  /** Drops every queued fault: the server-wide ones and every location's. */
  clearFaults(): void;
  setLatency(ms: number): void;
  /**
   * A location's view: the default one or one of `options.locations`. Throws for a location the fake has no token
   * for (seed such "foreign" contacts with `addContact({ locationId })`).
   */
  location(locationId: string): FakeGhlLocation;
  /**
   * Forgets contacts, custom fields, notes, workflows, opportunities, calls, the 429 counts, the rate-limit windows,
   * recorded requests and faults, in every location (latency, locations and budgets stay).
   */
  reset(): void;
  /** Stops the server, ending hung and keep-alive connections. */
  close(): Promise<void>;
}

/** A request being handled, with the location its bearer token belongs to. */
interface GhlCall {
  ex: FakeExchange;
  loc: GhlLocationState;
}

/** What the headers report when no budget is enforced: GoHighLevel's published burst limit. */
const UNLIMITED_HEADERS: Record<string, string> = {
  'x-ratelimit-max': '100',
  'x-ratelimit-remaining': '100',
  'x-ratelimit-interval-milliseconds': '10000',
  'x-ratelimit-limit-daily': String(GHL_DAILY_LIMIT),
  'x-ratelimit-daily-remaining': String(GHL_DAILY_LIMIT),
};

/** Starts a fake GoHighLevel on a free port (or `options.port`). */
export async function createFakeGhl(options: FakeGhlOptions = {}): Promise<FakeGhl> {
  const accesses = checkGhlLocations({ token: options.token ?? 'TEST-ghl-token', locationId: options.locationId ?? 'loc-test' }, options.locations);
  const { token, locationId } = accesses[0];
  const books = new Map<string, ContactBook>();
  const bookOf = (location: string): ContactBook => {
    let book = books.get(location);
    if (!book) books.set(location, (book = createContactBook(location)));
    return book;
  };
  const states = accesses.map((access) => createGhlLocationState(access, bookOf(access.locationId), options.rateLimit));
  const byToken = new Map(states.map((state) => [state.token, state]));
  const byLocation = new Map(states.map((state) => [state.locationId, state]));
  const home = states[0];
  let tooManyRequests = 0;
  // aborts pending location-fault delays on close (the server's own signal is not exposed)
  const closing = new AbortController();

  /** The location of a request's bearer token, or undefined for a missing or unknown token. */
  const locationOf = (authorization: string | undefined): GhlLocationState | undefined => {
    const bearer = bearerToken(authorization);
    return bearer === undefined ? undefined : byToken.get(bearer);
  };
  const setRateHeaders = (ex: FakeExchange, limiter: RateLimiter | null, state: RateLimitState | null): void => {
    if (!limiter || !state) {
      Object.assign(ex.headers, UNLIMITED_HEADERS);
      return;
    }
    ex.headers['x-ratelimit-max'] = String(limiter.options.requests);
    ex.headers['x-ratelimit-remaining'] = String(state.remaining);
    ex.headers['x-ratelimit-interval-milliseconds'] = String(limiter.options.perMs);
    ex.headers['x-ratelimit-limit-daily'] = String(limiter.dailyLimit);
    ex.headers['x-ratelimit-daily-remaining'] = String(state.dailyRemaining);
  };
  /** The validated body, or undefined after answering 422 with every failed constraint. */
  const readBody = (ex: FakeExchange, dto: GhlDto, extra: (fields: Record<string, unknown>) => string[] = () => []): Record<string, unknown> | undefined => {
    const body = ex.recorded.body;
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : {};
    const errors = [...validateGhlBody(fields, dto), ...extra(fields)];
    if (errors.length === 0) return fields;
    ex.send(422, ghlUnprocessable(errors));
    return undefined;
  };
  /** False after answering 403 when `value` names another location than the token's. */
  const ownLocation = ({ ex, loc }: GhlCall, value: unknown): boolean => {
    if (value === loc.locationId) return true;
    ex.send(403, GHL_LOCATION_FORBIDDEN);
    return false;
  };
  const findAnyContact = (id: string): GhlContact | undefined => {
    for (const book of books.values()) {
      const contact = book.get(id);
      if (contact) return contact;
    }
    return undefined;
  };
  /** The token's contact with this id, or undefined after answering 403 (another location's) or 400 (none). */
  const ownContact = (call: GhlCall, id: string): GhlContact | undefined => {
    const contact = findAnyContact(id);
    if (!contact) {
      call.ex.send(400, GHL_CONTACT_NOT_FOUND);
      return undefined;
    }
    return ownLocation(call, contact.locationId) ? contact : undefined;
  };
  /** A contact as GoHighLevel answers it: its fields plus `customFields: [{id, value}]` (its location's values). */
  const contactBody = (contact: GhlContact): GhlContact => ({
    ...copyContact(contact), customFields: byLocation.get(contact.locationId)?.customFields.valuesOf(contact.id) ?? [],
  });
  const storeCustomFields = (loc: GhlLocationState, contactId: string, items: unknown): void => {
    if (!Array.isArray(items)) return;
    loc.customFields.setValues(contactId, (items as Array<{ id: string; field_value?: unknown }>).map((i) => ({ id: i.id, value: i.field_value ?? null })));
  };
  const upsertNeedsEmailOrPhone = (fields: Record<string, unknown>): string[] => (
    // not in UpsertContactDto's `required`; GoHighLevel refuses an upsert with neither (highlevel-api-docs issue #37)
    fields.email == null && fields.phone == null ? ['email or phone should not be empty'] : []
  );
  const newId = (): string => randomBytes(10).toString('hex');
  /** Seeds a contact in `location`; ids are unique across locations, emails within one. */
  const seedContact = (location: string, seed: GhlContactSeed): { id: string } => {
    const book = bookOf(location);
    if (seed.id !== undefined) {
      const holder = findAnyContact(seed.id);
      if (holder && holder.locationId !== location) throw new Error(`contact ${seed.id} already exists in location ${holder.locationId}`);
    }
    if (seed.email !== undefined && seed.id !== undefined) {
      const owner = book.findByEmail(seed.email);
      if (owner && owner.id !== seed.id) throw new Error(`email ${seed.email} already belongs to contact ${owner.id}`);
    }
    return { id: book.upsert(seed).contact.id };
  };

  // Every route answers for the location of the request's token (`loc`): GoHighLevel scopes a sub-account token to its
  // location, so a path, body or query `locationId`, or a contact, of any other location is a 403.
  const routes = createRouteTable<GhlCall>()
    // contacts.json POST /contacts/upsert (Version 2021-07-28, scope contacts.write) → 200 {new, contact, traceId}
    .add('POST', '/contacts/upsert', (call) => {
      const fields = readBody(call.ex, UPSERT_CONTACT_DTO, upsertNeedsEmailOrPhone);
      if (!fields || !ownLocation(call, fields.locationId)) return;
      const { locationId: _location, customFields: values, createNewIfDuplicateAllowed: _duplicates, ...rest } = fields;
      const { contact, created } = call.loc.contacts.upsert(rest as ContactFields);
      storeCustomFields(call.loc, contact.id, values);
      call.ex.send(200, { new: created, contact: contactBody(contact), traceId: randomUUID() });
    })
    // contacts.json GET /contacts/search/duplicate (Version 2021-07-28, scope contacts.readonly) → 200 {contact|null}
    .add('GET', '/contacts/search/duplicate', (call) => {
      const { query } = call.ex.recorded;
      const errors: string[] = [];
      if (!query.locationId) errors.push('locationId should not be empty');
      if (!query.email && !query.number) errors.push('email or number should not be empty');
      if (errors.length > 0) return call.ex.send(422, ghlUnprocessable(errors));
      if (!ownLocation(call, query.locationId)) return;
      const found = query.email ? call.loc.contacts.findByEmail(query.email) : call.loc.contacts.findByPhone(query.number);
      call.ex.send(200, { contact: found ? contactBody(found) : null, traceId: randomUUID() });
    })
    // contacts.json POST /contacts/{contactId}/tags (Version 2021-07-28, scope contacts.write) → 201 {tags}
    .add('POST', '/contacts/:contactId/tags', (call, { contactId }) => {
      const fields = readBody(call.ex, TAGS_DTO);
      const contact = fields && ownContact(call, contactId);
      if (!fields || !contact) return;
      const tags = fields.tags as string[];
      call.loc.contacts.addTags(contactId, tags);
      call.loc.tagCalls.push({ contactId, tags: [...tags], at: Date.now() });
      call.ex.send(201, { tags: [...contact.tags], traceId: randomUUID() });
    })
    // contacts.json DELETE /contacts/{contactId}/tags (Version 2021-07-28, scope contacts.write) → 200 {tags}
    .add('DELETE', '/contacts/:contactId/tags', (call, { contactId }) => {
      const fields = readBody(call.ex, TAGS_DTO);
      const contact = fields && ownContact(call, contactId);
      if (!fields || !contact) return;
      const kept = call.loc.contacts.removeTags(contactId, fields.tags as string[]) ?? contact;
      call.ex.send(200, { tags: [...kept.tags], traceId: randomUUID() });
    })
    // contacts.json POST /contacts/{contactId}/notes (Version 2021-07-28, scope contacts.write) → 201 {note}
    .add('POST', '/contacts/:contactId/notes', (call, { contactId }) => {
      const fields = readBody(call.ex, NOTES_DTO);
      if (!fields || !ownContact(call, contactId)) return;
      const note: GhlNote = { id: newId(), body: fields.body as string, contactId, dateAdded: new Date().toISOString() };
      for (const name of ['userId', 'title', 'color', 'pinned'] as const) {
        if (fields[name] !== undefined && fields[name] !== null) Object.assign(note, { [name]: fields[name] });
      }
      call.loc.notes.push(note);
      call.ex.send(201, { note: { ...note } });
    })
    // contacts.json GET /contacts/{contactId}/notes (Version 2021-07-28, scope contacts.readonly) → 200 {notes}
    .add('GET', '/contacts/:contactId/notes', (call, { contactId }) => {
      if (!ownContact(call, contactId)) return;
      call.ex.send(200, { notes: call.loc.notes.filter((n) => n.contactId === contactId).map((n) => ({ ...n })) });
    })
    // contacts.json POST and DELETE /contacts/{contactId}/workflow/{workflowId} (Version 2021-07-28, scope contacts.write) → 200 {succeded}
    // The spec is silent on enrolling a contact twice (GHL leaves it to the workflow's "Allow Re-entry" setting, which the
    // API cannot read): every call is recorded as made, so a test sees a repeated enrolment (docs/rules.md).
    .add('POST', '/contacts/:contactId/workflow/:workflowId', (call, { contactId, workflowId }) => {
      const fields = readBody(call.ex, WORKFLOW_DTO);
      if (!fields || !ownContact(call, contactId)) return;
      call.loc.workflowCalls.push({ contactId, workflowId, action: 'added', ...startTime(fields), at: Date.now() });
      call.ex.send(200, { succeded: true });
    })
    .add('DELETE', '/contacts/:contactId/workflow/:workflowId', (call, { contactId, workflowId }) => {
      const fields = readBody(call.ex, WORKFLOW_DTO);
      if (!fields || !ownContact(call, contactId)) return;
      call.loc.workflowCalls.push({ contactId, workflowId, action: 'removed', ...startTime(fields), at: Date.now() });
      call.ex.send(200, { succeded: true });
    })
    // contacts.json GET /contacts/{contactId} (Version 2021-07-28, scope contacts.readonly) → 200 {contact}
    .add('GET', '/contacts/:contactId', (call, { contactId }) => {
      const contact = ownContact(call, contactId);
      if (contact) call.ex.send(200, { contact: contactBody(contact), traceId: randomUUID() });
    })
    // contacts.json PUT /contacts/{contactId} (Version 2021-07-28, scope contacts.write) → 200 {succeded, contact}
    .add('PUT', '/contacts/:contactId', (call, { contactId }) => {
      const fields = readBody(call.ex, UPDATE_CONTACT_DTO);
      if (!fields || !ownContact(call, contactId)) return;
      const { customFields: values, ...rest } = fields;
      const { contact } = call.loc.contacts.upsert({ ...(rest as ContactFields), id: contactId });
      storeCustomFields(call.loc, contactId, values);
      call.ex.send(200, { succeded: true, contact: contactBody(contact), traceId: randomUUID() });
    })
    // opportunities.json POST /opportunities/upsert (Version 2021-07-28, scope opportunities.write) → 200 {opportunity, new}
    .add('POST', '/opportunities/upsert', (call) => {
      const fields = readBody(call.ex, UPSERT_OPPORTUNITY_DTO);
      if (!fields || !ownLocation(call, fields.locationId)) return;
      if (!ownContact(call, fields.contactId as string)) return;
      const { locationId: _location, isRemoveAllFollowers: _all, followersActionType: _action, ...rest } = fields;
      const upserted = call.loc.opportunities.upsert(withoutNulls(rest) as unknown as OpportunityFields);
      if (!upserted) return call.ex.send(400, GHL_OPPORTUNITY_NOT_FOUND);
      call.ex.send(200, { opportunity: copyOpportunity(upserted.opportunity), new: upserted.created, traceId: randomUUID() });
    })
    // locations.json GET /locations/{locationId}/customFields (Version 2021-07-28, scope locations/customFields.readonly) → 200 {customFields}
    .add('GET', '/locations/:locationId/customFields', (call, params) => {
      const model = call.ex.recorded.query.model;
      if (model !== undefined && !['contact', 'opportunity', 'all'].includes(model)) {
        return call.ex.send(422, ghlUnprocessable(['model must be one of the following values: contact, opportunity, all']));
      }
      if (!ownLocation(call, params.locationId)) return;
      call.ex.send(200, { customFields: call.loc.customFields.list(model as 'contact' | 'opportunity' | 'all' | undefined) });
    })
    // locations.json GET /locations/{locationId} (Version 2021-07-28, scope locations.readonly) → 200 {location}
    .add('GET', '/locations/:locationId', (call, params) => {
      if (!ownLocation(call, params.locationId)) return;
      call.ex.send(200, { location: { id: call.loc.locationId, name: 'Sandbox Location', timezone: 'America/Argentina/Buenos_Aires', country: 'AR' }, traceId: randomUUID() });
    });

  const server = await startFakeServer({
    errorBody: ghlErrorFor,
    prepare(ex) {
      // an unknown or missing token reports the default location's budget
      const { limiter } = locationOf(ex.recorded.headers.authorization) ?? home;
      setRateHeaders(ex, limiter, limiter ? limiter.peek(ex.recorded.at) : null);
    },
    async handle(ex) {
      const { method, path, headers } = ex.recorded;
      const loc = locationOf(headers.authorization);
      const rule = loc?.faults.take(method, path, ex.segments);
      if (rule && (await applyGhlLocationFault(ex, rule, closing.signal))) return;
      const match = routes.find(method, ex.segments);
      if (!match) return ex.send(404, ghlRouteNotFound(method, path));
      if (!loc) return ex.send(401, GHL_UNAUTHORIZED);
      const badVersion = checkGhlVersion(headers.version);
      if (badVersion) return ex.send(401, badVersion);
      if (loc.limiter) {
        const state = loc.limiter.consume(Date.now());
        setRateHeaders(ex, loc.limiter, state);
        if (!state.allowed) return ex.send(429, ghlErrorFor(429));
      }
      return match.handler({ ex, loc }, match.params);
    },
    onAnswer(recorded, status) {
      if (status !== 429) return;
      tooManyRequests += 1;
      const loc = locationOf(recorded.headers.authorization);
      if (loc) loc.tooManyRequests += 1;
    },
  }, options);

  const views = new Map(states.map((state) => [state.locationId, locationView(state)]));
  function locationView(state: GhlLocationState): FakeGhlLocation {
    const ownContactById = (id: string): GhlContact | undefined => state.contacts.get(id);
    return {
      locationId: state.locationId,
      token: state.token,
      addContact(seed) {
        const { locationId: named, ...fields } = seed;
        if (named !== undefined && named !== state.locationId) throw new Error(`location(${state.locationId}).addContact cannot seed a contact of ${String(named)}`);
        return seedContact(state.locationId, fields);
      },
      getContact: (id) => {
        const contact = ownContactById(id);
        return contact ? contactBody(contact) : undefined;
      },
      findContactByEmail: (email) => {
        const contact = state.contacts.findByEmail(email);
        return contact ? contactBody(contact) : undefined;
      },
      tagCalls: () => state.tagCalls.map((call) => ({ ...call, tags: [...call.tags] })),
      addCustomField: (seed) => state.customFields.define(seed).id,
      customFields: () => state.customFields.list('all'),
      customFieldValues: (contactId) => Object.fromEntries(state.customFields.valuesOf(contactId).map((v: GhlCustomFieldValue) => [v.id, v.value])),
      notes: (contactId) => state.notes.filter((n) => n.contactId === contactId).map((n) => ({ ...n })),
      workflowCalls: () => state.workflowCalls.map((call) => ({ ...call })),
      workflowsOf(contactId) {
        const enrolled = new Set<string>();
        for (const call of state.workflowCalls) {
          if (call.contactId !== contactId) continue;
          if (call.action === 'added') enrolled.add(call.workflowId);
          else enrolled.delete(call.workflowId);
        }
        return [...enrolled];
      },
      opportunities: () => state.opportunities.list(),
      rateLimited: () => state.tooManyRequests,
      setRateLimit(limit) {
        state.limiter = limit ? createRateLimiter(limit) : null;
      },
      fail: (rule) => state.faults.add(rule),
      clearFaults: () => state.faults.clear(),
    };
  }
  const main = views.get(locationId)!;

  return {
    url: server.url,
    token,
    locationId,
    requests: server.requests,
    addContact(seed) {
      const { locationId: location, ...fields } = seed;
      return seedContact(location ?? locationId, fields);
    },
    getContact: (id) => {
      const contact = findAnyContact(id);
      return contact ? contactBody(contact) : undefined;
    },
    findContactByEmail: main.findContactByEmail,
    tagCalls: main.tagCalls,
    addCustomField: main.addCustomField,
    customFields: main.customFields,
    customFieldValues: main.customFieldValues,
    notes: main.notes,
    workflowCalls: main.workflowCalls,
    workflowsOf: main.workflowsOf,
    opportunities: main.opportunities,
    rateLimited: () => tooManyRequests,
    setRateLimit(limit) {
      if (limit) createRateLimiter(limit); // throws on a bad budget before any location changes
      for (const state of states) state.limiter = limit ? createRateLimiter(limit) : null;
    },
    fail: (rule) => server.faults.add(rule),
    clearFaults() {
      server.faults.clear();
      for (const state of states) state.faults.clear();
    },
    setLatency: (ms) => server.setLatency(ms),
    location(id) {
      const view = views.get(id);
      if (!view) throw new Error(`the fake GoHighLevel has no token for location ${id}: add it to options.locations`);
      return view;
    },
    reset() {
      for (const book of books.values()) book.clear();
      for (const state of states) resetGhlLocationState(state);
      tooManyRequests = 0;
      server.requests.length = 0;
      server.faults.clear();
    },
    close() {
      closing.abort();
      return server.close();
    },
  };
}

function startTime(fields: Record<string, unknown>): { eventStartTime?: string } {
  return typeof fields.eventStartTime === 'string' ? { eventStartTime: fields.eventStartTime } : {};
}

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}
