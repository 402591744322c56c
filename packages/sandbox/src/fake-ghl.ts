import { randomUUID } from 'node:crypto';
import { FakeExchange, FakeServerOptions, startFakeServer } from './fake-http-server';
import { FaultRule } from './fault-injector';
import { ContactFields, copyContact, createContactBook, GhlContact } from './ghl-contacts';
import {
  GHL_CONTACT_NOT_FOUND, GHL_LOCATION_FORBIDDEN, GHL_MISSING_VERSION, GHL_UNAUTHORIZED, ghlErrorFor, ghlRouteNotFound, ghlUnprocessable,
} from './ghl-errors';
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

/** A fake GoHighLevel API v2 on 127.0.0.1: contacts (upsert, tags, lookups) and locations. */
export interface FakeGhl {
  /** e.g. `http://127.0.0.1:43126`, no trailing slash. */
  url: string;
  token: string;
  locationId: string;
  requests: RecordedRequest[];
  /** Pre-seeds a contact (or updates the one with that email) and returns its id. */
  addContact(contact: { id?: string; email?: string; firstName?: string; tags?: string[]; [field: string]: unknown }): { id: string };
  getContact(id: string): GhlContact | undefined;
  findContactByEmail(email: string): GhlContact | undefined;
  /** Every successful tag addition, in order, with the tags as sent. */
  tagCalls(): TagCall[];
  /** How many 429s it answered (rate limit and injected faults). */
  rateLimited(): number;
  /** Replaces the enforced budget (null: unlimited); the window starts empty. */
  setRateLimit(limit: RateLimitOptions | null): void;
  fail(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  /** Forgets contacts, tag calls, the 429 count, the rate-limit window, recorded requests and faults (latency stays). */
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UPSERT_STRING_FIELDS = ['firstName', 'lastName', 'name', 'phone', 'companyName', 'source'];

/** Starts a fake GoHighLevel on a free port (or `options.port`). */
export async function createFakeGhl(options: FakeGhlOptions = {}): Promise<FakeGhl> {
  const token = options.token ?? 'TEST-ghl-token';
  const locationId = options.locationId ?? 'loc-test';
  const contacts = createContactBook(locationId);
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
  const hasVersion = (ex: FakeExchange): boolean => {
    if (ex.recorded.headers.version) return true;
    ex.send(400, GHL_MISSING_VERSION);
    return false;
  };
  const checkLocation = (value: unknown, errors: string[]): void => {
    if (value === undefined || value === null || value === '') errors.push('locationId should not be empty');
    else if (value !== locationId) errors.push(`locationId ${String(value)} does not match the token's location`);
  };
  const readTags = (ex: FakeExchange): string[] | undefined => {
    const tags = (ex.recorded.body as { tags?: unknown } | undefined)?.tags;
    if (Array.isArray(tags) && tags.length > 0 && tags.every((t) => typeof t === 'string' && t.trim() !== '')) return tags as string[];
    ex.send(422, ghlUnprocessable(['tags must be a non-empty array of non-empty strings']));
    return undefined;
  };
  const contactBody = (contact: GhlContact | undefined): Record<string, unknown> | null => (contact ? copyContact(contact) : null);

  const routes = createRouteTable<FakeExchange>()
    .add('POST', '/contacts/upsert', (ex) => {
      if (!hasVersion(ex)) return;
      const body = ex.recorded.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return ex.send(422, ghlUnprocessable(['locationId should not be empty']));
      const fields = body as Record<string, unknown>;
      const errors: string[] = [];
      checkLocation(fields.locationId, errors);
      if (fields.email !== undefined && (typeof fields.email !== 'string' || !EMAIL.test(fields.email))) errors.push('email must be an email');
      if (fields.email === undefined && fields.phone === undefined) errors.push('email or phone should not be empty');
      for (const name of UPSERT_STRING_FIELDS) {
        if (fields[name] !== undefined && fields[name] !== null && typeof fields[name] !== 'string') errors.push(`${name} must be a string`);
      }
      if (fields.tags !== undefined && (!Array.isArray(fields.tags) || !fields.tags.every((t) => typeof t === 'string'))) {
        errors.push('tags must be an array of strings');
      }
      if (errors.length > 0) return ex.send(422, ghlUnprocessable(errors));
      const { locationId: _location, id: _id, ...rest } = fields;
      const { contact, created } = contacts.upsert(rest as ContactFields);
      ex.send(200, { new: created, contact: copyContact(contact), traceId: randomUUID() });
    })
    .add('GET', '/contacts/search/duplicate', (ex) => {
      if (!hasVersion(ex)) return;
      const { query } = ex.recorded;
      const errors: string[] = [];
      checkLocation(query.locationId, errors);
      if (!query.email && !query.number) errors.push('email or number should not be empty');
      if (errors.length > 0) return ex.send(422, ghlUnprocessable(errors));
      const found = query.email ? contacts.findByEmail(query.email) : contacts.findByPhone(query.number);
      ex.send(200, { contact: contactBody(found), traceId: randomUUID() });
    })
    .add('POST', '/contacts/:contactId/tags', (ex, { contactId }) => {
      if (!hasVersion(ex)) return;
      const tags = readTags(ex);
      if (!tags) return;
      const contact = contacts.addTags(contactId, tags);
      if (!contact) return ex.send(400, GHL_CONTACT_NOT_FOUND);
      tagCalls.push({ contactId, tags: [...tags], at: Date.now() });
      ex.send(201, { tags: [...contact.tags], traceId: randomUUID() });
    })
    .add('DELETE', '/contacts/:contactId/tags', (ex, { contactId }) => {
      if (!hasVersion(ex)) return;
      const tags = readTags(ex);
      if (!tags) return;
      const contact = contacts.removeTags(contactId, tags);
      if (!contact) return ex.send(400, GHL_CONTACT_NOT_FOUND);
      ex.send(200, { tags: [...contact.tags], traceId: randomUUID() });
    })
    .add('GET', '/contacts/:contactId', (ex, { contactId }) => {
      if (!hasVersion(ex)) return;
      const contact = contacts.get(contactId);
      if (!contact) return ex.send(400, GHL_CONTACT_NOT_FOUND);
      ex.send(200, { contact: copyContact(contact), traceId: randomUUID() });
    })
    .add('GET', '/locations/:locationId', (ex, params) => {
      if (params.locationId !== locationId) return ex.send(403, GHL_LOCATION_FORBIDDEN);
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
      if (seed.email !== undefined && seed.id !== undefined) {
        const owner = contacts.findByEmail(seed.email);
        if (owner && owner.id !== seed.id) throw new Error(`email ${seed.email} already belongs to contact ${owner.id}`);
      }
      return { id: contacts.upsert(seed).contact.id };
    },
    getContact: (id) => {
      const contact = contacts.get(id);
      return contact ? copyContact(contact) : undefined;
    },
    findContactByEmail: (email) => {
      const contact = contacts.findByEmail(email);
      return contact ? copyContact(contact) : undefined;
    },
    tagCalls: () => tagCalls.map((call) => ({ ...call, tags: [...call.tags] })),
    rateLimited: () => tooManyRequests,
    setRateLimit(limit) {
      limiter = limit ? createRateLimiter(limit) : null;
    },
    fail: (rule) => server.faults.add(rule),
    clearFaults: () => server.faults.clear(),
    setLatency: (ms) => server.setLatency(ms),
    reset() {
      contacts.clear();
      tagCalls = [];
      tooManyRequests = 0;
      limiter?.reset();
      server.requests.length = 0;
      server.faults.clear();
    },
    close: () => server.close(),
  };
}
