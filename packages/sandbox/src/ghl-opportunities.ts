import { randomBytes } from 'node:crypto';

/** An opportunity as the fake stores and answers it (fields of opportunities.json SearchOpportunitiesResponseSchema). */
export interface GhlOpportunity {
  id: string;
  name: string;
  monetaryValue?: number;
  pipelineId: string;
  pipelineStageId?: string;
  assignedTo?: string;
  status: string;
  source: string;
  contactId: string;
  locationId: string;
  lostReasonId?: string;
  followers: string[];
  createdAt: string;
  updatedAt: string;
  lastStatusChangeAt: string;
  lastStageChangeAt: string;
}

/** What an upsert may set (the validated body, without `locationId`). */
export interface OpportunityFields {
  id?: string;
  pipelineId: string;
  contactId: string;
  name?: string;
  status?: string;
  pipelineStageId?: string;
  monetaryValue?: number;
  assignedTo?: string;
  lostReasonId?: string;
  followers?: string[];
}

/** One location's opportunities. */
export interface OpportunityBook {
  /**
   * The opportunity with `fields.id` when given (undefined when there is none), else the contact's opportunity in
   * that pipeline, updated; else a new one. The spec says nothing about matching without an id: one opportunity per
   * contact and pipeline is GoHighLevel's behaviour when the location does not allow duplicate opportunities.
   */
  upsert(fields: OpportunityFields): { opportunity: GhlOpportunity; created: boolean } | undefined;
  list(): GhlOpportunity[];
  clear(): void;
}

/** A copy safe to hand out. */
export function copyOpportunity(opportunity: GhlOpportunity): GhlOpportunity {
  return { ...opportunity, followers: [...opportunity.followers] };
}

/** Creates an empty book for `locationId`. */
export function createOpportunityBook(locationId: string): OpportunityBook {
  const byId = new Map<string, GhlOpportunity>();
  return {
    upsert(fields) {
      const now = new Date().toISOString();
      const existing = fields.id !== undefined
        ? byId.get(fields.id)
        : [...byId.values()].find((o) => o.contactId === fields.contactId && o.pipelineId === fields.pipelineId);
      if (fields.id !== undefined && !existing) return undefined;
      const { id: _id, followers, ...changes } = fields;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<GhlOpportunity>;
      if (existing) {
        if (defined.status !== undefined && defined.status !== existing.status) existing.lastStatusChangeAt = now;
        if (defined.pipelineStageId !== undefined && defined.pipelineStageId !== existing.pipelineStageId) existing.lastStageChangeAt = now;
        Object.assign(existing, defined, { updatedAt: now });
        if (followers) existing.followers = [...new Set([...existing.followers, ...followers])];
        return { opportunity: existing, created: false };
      }
      const opportunity: GhlOpportunity = {
        name: '', status: 'open', source: 'api', followers: [...new Set(followers ?? [])], ...defined,
        id: randomBytes(10).toString('hex'), pipelineId: fields.pipelineId, contactId: fields.contactId, locationId,
        createdAt: now, updatedAt: now, lastStatusChangeAt: now, lastStageChangeAt: now,
      };
      byId.set(opportunity.id, opportunity);
      return { opportunity, created: true };
    },
    list: () => [...byId.values()].map(copyOpportunity),
    clear: () => byId.clear(),
  };
}
