import type { GhlNote, TagCall, WorkflowCall } from './fake-ghl';
import { applyFault, FakeExchange } from './fake-http-server';
import { createFaultInjector, FaultInjector, FaultRule } from './fault-injector';
import { ContactBook } from './ghl-contacts';
import { createCustomFieldStore, CustomFieldStore } from './ghl-custom-fields';
import { ghlErrorFor } from './ghl-errors';
import { createOpportunityBook, OpportunityBook } from './ghl-opportunities';
import { createRateLimiter, RateLimiter, RateLimitOptions } from './rate-limiter';

/**
 * One GoHighLevel sub-account the fake serves: a location and the token bound to it. GoHighLevel's sub-account
 * tokens (a Private Integration created in the sub-account, or an OAuth install with user type Location) reach that
 * location's data only; the fake answers 403 (GHL_LOCATION_FORBIDDEN) for anything of another location.
 */
export interface GhlLocationAccess {
  locationId: string;
  token: string;
}

/**
 * Everything the fake keeps per location. GoHighLevel counts its burst (100 / 10 s) and daily (200,000) budgets per
 * app and location (marketplace docs, "Rate Limits"; a Private Integration's burst counter is per integration and
 * location), so each location has its own limiter, 429 count and fault queue besides its data.
 */
export interface GhlLocationState extends GhlLocationAccess {
  contacts: ContactBook;
  customFields: CustomFieldStore;
  opportunities: OpportunityBook;
  notes: GhlNote[];
  workflowCalls: WorkflowCall[];
  tagCalls: TagCall[];
  limiter: RateLimiter | null;
  /** 429s answered to requests carrying this location's token. */
  tooManyRequests: number;
  /** Faults for requests carrying this location's token only. */
  faults: FaultInjector;
}

/** A location's fresh state; `contacts` is its book from the fake's per-location books. */
export function createGhlLocationState(access: GhlLocationAccess, contacts: ContactBook, rateLimit: RateLimitOptions | null | undefined): GhlLocationState {
  return {
    ...access,
    contacts,
    customFields: createCustomFieldStore(access.locationId),
    opportunities: createOpportunityBook(access.locationId),
    notes: [],
    workflowCalls: [],
    tagCalls: [],
    limiter: rateLimit ? createRateLimiter(rateLimit) : null,
    tooManyRequests: 0,
    faults: createFaultInjector(),
  };
}

/** Forgets a location's data, calls, 429 count, rate-limit window and faults (its contact book is cleared by the fake). */
export function resetGhlLocationState(state: GhlLocationState): void {
  state.customFields.clear();
  state.opportunities.clear();
  state.notes = [];
  state.workflowCalls = [];
  state.tagCalls = [];
  state.tooManyRequests = 0;
  state.limiter?.reset();
  state.faults.clear();
}

/** The default location followed by the extra ones; throws on an empty, repeated location id or token. */
export function checkGhlLocations(first: GhlLocationAccess, extra: readonly GhlLocationAccess[] = []): GhlLocationAccess[] {
  const all = [first, ...extra.map((l) => ({ locationId: l.locationId, token: l.token }))];
  const ids = new Set<string>();
  const tokens = new Set<string>();
  for (const { locationId, token } of all) {
    if (typeof locationId !== 'string' || locationId === '') throw new Error('every GoHighLevel location needs a non-empty locationId');
    if (typeof token !== 'string' || token === '') throw new Error(`location ${locationId} needs a non-empty token`);
    if (ids.has(locationId)) throw new Error(`location ${locationId} is configured twice`);
    if (tokens.has(token)) throw new Error(`two GoHighLevel locations share one token (${locationId}): each sub-account token is bound to one location`);
    ids.add(locationId);
    tokens.add(token);
  }
  return all;
}

/** The bearer token of an `Authorization` header (`Bearer x`, any case), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header !== undefined && /^bearer /i.test(header) ? header.slice(7) : undefined;
}

/** Applies a location's fault the way the server-wide queue does: true when it answered (or deliberately never will). */
export function applyGhlLocationFault(ex: FakeExchange, rule: FaultRule, signal: AbortSignal): Promise<boolean> {
  return applyFault(ex, rule, { errorBody: ghlErrorFor }, signal);
}
