import { randomBytes, randomUUID } from 'node:crypto';
import { FakeExchange, FakeServerOptions, startFakeServer } from './fake-http-server';
import { FaultRule } from './fault-injector';
import { checkGhlVersion } from './ghl-api-version';
import { ContactBook, ContactFields, copyContact, createContactBook, GhlContact } from './ghl-contacts';
import { createCustomFieldStore, CustomFieldSeed, GhlCustomFieldDefinition, GhlCustomFieldValue } from './ghl-custom-fields';
import {
  GHL_CONTACT_NOT_FOUND, GHL_LOCATION_FORBIDDEN, GHL_OPPORTUNITY_NOT_FOUND, GHL_UNAUTHORIZED, ghlErrorFor, ghlRouteNotFound, ghlUnprocessable,
} from './ghl-errors';
import { copyOpportunity, createOpportunityBook, GhlOpportunity, OpportunityFields } from './ghl-opportunities';
import {
  NOTES_DTO, TAGS_DTO, UPDATE_CONTACT_DTO, UPSERT_CONTACT_DTO, UPSERT_OPPORTUNITY_DTO, WORKFLOW_DTO,
} from './ghl-request-dtos';
import { GhlDto, validateGhlBody } from './ghl-validation';
import { createRateLimiter, GHL_DAILY_LIMIT, RateLimiter, RateLimitOptions, RateLimitState } from './rate-limiter';
import { RecordedRequest } from './request-recorder';
import { createRouteTable } from './route-table';

export interface FakeGhlOptions extends FakeServerOptions {
  /** The only accepted bearer token; default `TEST-ghl-token`. */
  token?: string;
  /** The token's location; default `loc-test`. */
  locationId?: string;
  /** Enforce a budget (429 beyond it); default null: unlimited, with GoHighLevel's 100 / 10 s reported in headers. */
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

/** A fake GoHighLevel API v2 on 127.0.0.1: contacts (upsert, tags, custom fields, notes, workflows), opportunities, locations. */
export interface FakeGhl {
  /** e.g. `http://127.0.0.1:43126`, no trailing slash. */
  url: string;
  token: string;
  locationId: string;
  requests: RecordedRequest[];
  /**
   * Pre-seeds a contact (or updates the one with that email) and returns its id. `locationId` seeds it in another
   * location: the token then gets 403 for it.
   */
  addContact(contact: { id?: string; email?: string; firstName?: string; tags?: string[]; locationId?: string; [field: string]: unknown }): { id: string };
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
  /** How many 429s it answered (rate limit and injected faults). */
  rateLimited(): number;
  /** Replaces the enforced budget (null: unlimited); the window starts empty. */
  setRateLimit(limit: RateLimitOptions | null): void;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Forgets contacts, custom fields, notes, workflows, opportunities, calls, the 429 count, the rate-limit window, recorded requests and faults (latency stays). */
  reset(): void;
  /** Stops the server, ending hung and keep-alive connections. */
  close(): Promise<void>;
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
  const token = options.token ?? 'TEST-ghl-token';
  const locationId = options.locationId ?? 'loc-test';
  const books = new Map<string, ContactBook>();
  const bookOf = (location: string): ContactBook => {
    let book = books.get(location);
    if (!book) books.set(location, (book = createContactBook(location)));
    return book;
  };
  const contacts = bookOf(locationId);
  const customFields = createCustomFieldStore(locationId);
  const opportunityBook = createOpportunityBook(locationId);
  let notes: GhlNote[] = [];
  let workflowCalls: WorkflowCall[] = [];
  let limiter: RateLimiter | null = options.rateLimit ? createRateLimiter(options.rateLimit) : null;
  let tagCalls: TagCall[] = [];
  let tooManyRequests = 0;

  const setRateHeaders = (ex: FakeExchange, state: RateLimitState | null): void => {
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
  const ownLocation = (ex: FakeExchange, value: unknown): boolean => {
    if (value === locationId) return true;
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
  const ownContact = (ex: FakeExchange, id: string): GhlContact | undefined => {
    const contact = findAnyContact(id);
    if (!contact) {
      ex.send(400, GHL_CONTACT_NOT_FOUND);
      return undefined;
    }
    return ownLocation(ex, contact.locationId) ? contact : undefined;
  };
  /** A contact as GoHighLevel answers it: its fields plus `customFields: [{id, value}]`. */
  const contactBody = (contact: GhlContact): GhlContact => ({ ...copyContact(contact), customFields: customFields.valuesOf(contact.id) });
  const storeCustomFields = (contactId: string, items: unknown): void => {
    if (!Array.isArray(items)) return;
    customFields.setValues(contactId, (items as Array<{ id: string; field_value?: unknown }>).map((i) => ({ id: i.id, value: i.field_value ?? null })));
  };
  const upsertNeedsEmailOrPhone = (fields: Record<string, unknown>): string[] => (
    // not in UpsertContactDto's `required`; GoHighLevel refuses an upsert with neither (highlevel-api-docs issue #37)
    fields.email == null && fields.phone == null ? ['email or phone should not be empty'] : []
  );
  const newId = (): string => randomBytes(10).toString('hex');

  const routes = createRouteTable<FakeExchange>()
    // contacts.json POST /contacts/upsert (Version 2021-07-28, scope contacts.write) → 200 {new, contact, traceId}
    .add('POST', '/contacts/upsert', (ex) => {
      const fields = readBody(ex, UPSERT_CONTACT_DTO, upsertNeedsEmailOrPhone);
      if (!fields || !ownLocation(ex, fields.locationId)) return;
      const { locationId: _location, customFields: values, createNewIfDuplicateAllowed: _duplicates, ...rest } = fields;
      const { contact, created } = contacts.upsert(rest as ContactFields);
      storeCustomFields(contact.id, values);
      ex.send(200, { new: created, contact: contactBody(contact), traceId: randomUUID() });
    })
    // contacts.json GET /contacts/search/duplicate (Version 2021-07-28, scope contacts.readonly) → 200 {contact|null}
    .add('GET', '/contacts/search/duplicate', (ex) => {
      const { query } = ex.recorded;
      const errors: string[] = [];
      if (!query.locationId) errors.push('locationId should not be empty');
      if (!query.email && !query.number) errors.push('email or number should not be empty');
      if (errors.length > 0) return ex.send(422, ghlUnprocessable(errors));
      if (!ownLocation(ex, query.locationId)) return;
      const found = query.email ? contacts.findByEmail(query.email) : contacts.findByPhone(query.number);
      ex.send(200, { contact: found ? contactBody(found) : null, traceId: randomUUID() });
    })
    // contacts.json POST /contacts/{contactId}/tags (Version 2021-07-28, scope contacts.write) → 201 {tags}
    .add('POST', '/contacts/:contactId/tags', (ex, { contactId }) => {
      const fields = readBody(ex, TAGS_DTO);
      const contact = fields && ownContact(ex, contactId);
      if (!fields || !contact) return;
      const tags = fields.tags as string[];
      contacts.addTags(contactId, tags);
      tagCalls.push({ contactId, tags: [...tags], at: Date.now() });
      ex.send(201, { tags: [...contact.tags], traceId: randomUUID() });
    })
    // contacts.json DELETE /contacts/{contactId}/tags (Version 2021-07-28, scope contacts.write) → 200 {tags}
    .add('DELETE', '/contacts/:contactId/tags', (ex, { contactId }) => {
      const fields = readBody(ex, TAGS_DTO);
      const contact = fields && ownContact(ex, contactId);
      if (!fields || !contact) return;
      const kept = contacts.removeTags(contactId, fields.tags as string[]) ?? contact;
      ex.send(200, { tags: [...kept.tags], traceId: randomUUID() });
    })
    // contacts.json POST /contacts/{contactId}/notes (Version 2021-07-28, scope contacts.write) → 201 {note}
    .add('POST', '/contacts/:contactId/notes', (ex, { contactId }) => {
      const fields = readBody(ex, NOTES_DTO);
      if (!fields || !ownContact(ex, contactId)) return;
      const note: GhlNote = { id: newId(), body: fields.body as string, contactId, dateAdded: new Date().toISOString() };
      for (const name of ['userId', 'title', 'color', 'pinned'] as const) {
        if (fields[name] !== undefined && fields[name] !== null) Object.assign(note, { [name]: fields[name] });
      }
      notes.push(note);
      ex.send(201, { note: { ...note } });
    })
    // contacts.json GET /contacts/{contactId}/notes (Version 2021-07-28, scope contacts.readonly) → 200 {notes}
    .add('GET', '/contacts/:contactId/notes', (ex, { contactId }) => {
      if (!ownContact(ex, contactId)) return;
      ex.send(200, { notes: notes.filter((n) => n.contactId === contactId).map((n) => ({ ...n })) });
    })
    // contacts.json POST and DELETE /contacts/{contactId}/workflow/{workflowId} (Version 2021-07-28, scope contacts.write) → 200 {succeded}
    .add('POST', '/contacts/:contactId/workflow/:workflowId', (ex, { contactId, workflowId }) => {
      const fields = readBody(ex, WORKFLOW_DTO);
      if (!fields || !ownContact(ex, contactId)) return;
      workflowCalls.push({ contactId, workflowId, action: 'added', ...startTime(fields), at: Date.now() });
      ex.send(200, { succeded: true });
    })
    .add('DELETE', '/contacts/:contactId/workflow/:workflowId', (ex, { contactId, workflowId }) => {
      const fields = readBody(ex, WORKFLOW_DTO);
      if (!fields || !ownContact(ex, contactId)) return;
      workflowCalls.push({ contactId, workflowId, action: 'removed', ...startTime(fields), at: Date.now() });
      ex.send(200, { succeded: true });
    })
    // contacts.json GET /contacts/{contactId} (Version 2021-07-28, scope contacts.readonly) → 200 {contact}
    .add('GET', '/contacts/:contactId', (ex, { contactId }) => {
      const contact = ownContact(ex, contactId);
      if (contact) ex.send(200, { contact: contactBody(contact), traceId: randomUUID() });
    })
    // contacts.json PUT /contacts/{contactId} (Version 2021-07-28, scope contacts.write) → 200 {succeded, contact}
    .add('PUT', '/contacts/:contactId', (ex, { contactId }) => {
      const fields = readBody(ex, UPDATE_CONTACT_DTO);
      if (!fields || !ownContact(ex, contactId)) return;
      const { customFields: values, ...rest } = fields;
      const { contact } = contacts.upsert({ ...(rest as ContactFields), id: contactId });
      storeCustomFields(contactId, values);
      ex.send(200, { succeded: true, contact: contactBody(contact), traceId: randomUUID() });
    })
    // opportunities.json POST /opportunities/upsert (Version 2021-07-28, scope opportunities.write) → 200 {opportunity, new}
    .add('POST', '/opportunities/upsert', (ex) => {
      const fields = readBody(ex, UPSERT_OPPORTUNITY_DTO);
      if (!fields || !ownLocation(ex, fields.locationId)) return;
      if (!ownContact(ex, fields.contactId as string)) return;
      const { locationId: _location, isRemoveAllFollowers: _all, followersActionType: _action, ...rest } = fields;
      const upserted = opportunityBook.upsert(withoutNulls(rest) as unknown as OpportunityFields);
      if (!upserted) return ex.send(400, GHL_OPPORTUNITY_NOT_FOUND);
      ex.send(200, { opportunity: copyOpportunity(upserted.opportunity), new: upserted.created, traceId: randomUUID() });
    })
    // locations.json GET /locations/{locationId}/customFields (Version 2021-07-28, scope locations/customFields.readonly) → 200 {customFields}
    .add('GET', '/locations/:locationId/customFields', (ex, params) => {
      const model = ex.recorded.query.model;
      if (model !== undefined && !['contact', 'opportunity', 'all'].includes(model)) {
        return ex.send(422, ghlUnprocessable(['model must be one of the following values: contact, opportunity, all']));
      }
      if (!ownLocation(ex, params.locationId)) return;
      ex.send(200, { customFields: customFields.list(model as 'contact' | 'opportunity' | 'all' | undefined) });
    })
    // locations.json GET /locations/{locationId} (Version 2021-07-28, scope locations.readonly) → 200 {location}
    .add('GET', '/locations/:locationId', (ex, params) => {
      if (!ownLocation(ex, params.locationId)) return;
      ex.send(200, { location: { id: locationId, name: 'Sandbox Location', timezone: 'America/Argentina/Buenos_Aires', country: 'AR' }, traceId: randomUUID() });
    });

  const authorization = `Bearer ${token}`;
  const server = await startFakeServer({
    errorBody: ghlErrorFor,
    prepare(ex) {
      setRateHeaders(ex, limiter ? limiter.peek(ex.recorded.at) : null);
    },
    handle(ex) {
      const { method, path, headers } = ex.recorded;
      const match = routes.find(method, ex.segments);
      if (!match) return ex.send(404, ghlRouteNotFound(method, path));
      const auth = headers.authorization;
      if (auth === undefined || auth.length !== authorization.length || !/^bearer /i.test(auth) || auth.slice(7) !== token) {
        return ex.send(401, GHL_UNAUTHORIZED);
      }
      const badVersion = checkGhlVersion(headers.version);
      if (badVersion) return ex.send(401, badVersion);
      if (limiter) {
        const state = limiter.consume(Date.now());
        setRateHeaders(ex, state);
        if (!state.allowed) return ex.send(429, ghlErrorFor(429));
      }
      return match.handler(ex, match.params);
    },
    onAnswer(_recorded, status) {
      if (status === 429) tooManyRequests += 1;
    },
  }, options);

  return {
    url: server.url,
    token,
    locationId,
    requests: server.requests,
    addContact(seed) {
      const { locationId: location, ...fields } = seed;
      const book = bookOf(location ?? locationId);
      if (fields.email !== undefined && fields.id !== undefined) {
        const owner = book.findByEmail(fields.email);
        if (owner && owner.id !== fields.id) throw new Error(`email ${fields.email} already belongs to contact ${owner.id}`);
      }
      return { id: book.upsert(fields).contact.id };
    },
    getContact: (id) => {
      const contact = findAnyContact(id);
      return contact ? contactBody(contact) : undefined;
    },
    findContactByEmail: (email) => {
      const contact = contacts.findByEmail(email);
      return contact ? contactBody(contact) : undefined;
    },
    tagCalls: () => tagCalls.map((call) => ({ ...call, tags: [...call.tags] })),
    addCustomField: (seed) => customFields.define(seed).id,
    customFields: () => customFields.list('all'),
    customFieldValues: (contactId) => Object.fromEntries(customFields.valuesOf(contactId).map((v: GhlCustomFieldValue) => [v.id, v.value])),
    notes: (contactId) => notes.filter((n) => n.contactId === contactId).map((n) => ({ ...n })),
    workflowCalls: () => workflowCalls.map((call) => ({ ...call })),
    workflowsOf(contactId) {
      const enrolled = new Set<string>();
      for (const call of workflowCalls) {
        if (call.contactId !== contactId) continue;
        if (call.action === 'added') enrolled.add(call.workflowId);
        else enrolled.delete(call.workflowId);
      }
      return [...enrolled];
    },
    opportunities: () => opportunityBook.list(),
    rateLimited: () => tooManyRequests,
    setRateLimit(limit) {
      limiter = limit ? createRateLimiter(limit) : null;
    },
    fail: (rule) => server.faults.add(rule),
    clearFaults: () => server.faults.clear(),
    setLatency: (ms) => server.setLatency(ms),
    reset() {
      for (const book of books.values()) book.clear();
      customFields.clear();
      opportunityBook.clear();
      notes = [];
      workflowCalls = [];
      tagCalls = [];
      tooManyRequests = 0;
      limiter?.reset();
      server.requests.length = 0;
      server.faults.clear();
    },
    close: () => server.close(),
  };
}

function startTime(fields: Record<string, unknown>): { eventStartTime?: string } {
  return typeof fields.eventStartTime === 'string' ? { eventStartTime: fields.eventStartTime } : {};
}

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}
