import { GhlDto, GhlRule } from './ghl-validation';

/**
 * The request bodies the fake GoHighLevel accepts, property by property as GoHighLevel's OpenAPI specs
 * (GoHighLevel/highlevel-api-docs, apps/*.json, components.schemas) declare them. Anything else is a 422.
 */

const text: GhlRule = { type: 'string' };

/** contacts.json UpsertContactDto / UpdateContactDto `customFields` items: `{id, key?, field_value?}`, id required. */
const CUSTOM_FIELD_VALUE: GhlDto = {
  properties: { id: text, key: text, field_value: { type: 'any' } },
  required: ['id'],
};

/** The contact properties UpsertContactDto and UpdateContactDto share. */
const CONTACT_FIELDS: Record<string, GhlRule> = {
  firstName: text,
  lastName: text,
  name: text,
  email: { type: 'string', email: true },
  phone: text,
  address1: text,
  city: text,
  state: text,
  postalCode: text,
  website: text,
  timezone: text,
  dnd: { type: 'boolean' },
  dndSettings: { type: 'object' },
  inboundDndSettings: { type: 'object' },
  tags: { type: 'strings' },
  customFields: { type: 'objects', item: CUSTOM_FIELD_VALUE },
  source: text,
  dateOfBirth: { type: 'string-or-object' },
  country: text,
  assignedTo: text,
};

/** contacts.json UpsertContactDto (POST /contacts/upsert). */
export const UPSERT_CONTACT_DTO: GhlDto = {
  properties: { ...CONTACT_FIELDS, locationId: text, gender: text, companyName: text, createNewIfDuplicateAllowed: { type: 'boolean' } },
  required: ['locationId'],
};

/** contacts.json UpdateContactDto (PUT /contacts/{contactId}): no locationId, gender or companyName. */
export const UPDATE_CONTACT_DTO: GhlDto = { properties: CONTACT_FIELDS };

/** contacts.json TagsDTO (POST and DELETE /contacts/{contactId}/tags). */
export const TAGS_DTO: GhlDto = { properties: { tags: { type: 'strings', notEmpty: true } }, required: ['tags'] };

/** contacts.json NotesDTO (POST /contacts/{contactId}/notes). */
export const NOTES_DTO: GhlDto = {
  properties: { userId: text, body: text, title: text, color: text, pinned: { type: 'boolean' } },
  required: ['body'],
};

/** contacts.json CreateWorkflowDto (POST and DELETE /contacts/{contactId}/workflow/{workflowId}). */
export const WORKFLOW_DTO: GhlDto = { properties: { eventStartTime: text } };

/** The statuses opportunities.json UpsertOpportunityDto lists. */
export const OPPORTUNITY_STATUSES = ['open', 'won', 'lost', 'abandoned', 'all'] as const;

/**
 * opportunities.json UpsertOpportunityDto (POST /opportunities/upsert). The two published versions of the spec
 * disagree: the 2025-08 version declares `contactId` (required) and no followers; the 2026-05 version (and SDK 3.x)
 * drops `contactId` and requires `followers`, `isRemoveAllFollowers` and `followersActionType`, which describe the
 * opportunity's followers, not its contact. An opportunity cannot be matched without its contact, so the fake
 * declares the union of both and requires what both agree on plus `contactId`.
 */
export const UPSERT_OPPORTUNITY_DTO: GhlDto = {
  properties: {
    id: text,
    pipelineId: text,
    locationId: text,
    contactId: text,
    followers: { type: 'strings' },
    isRemoveAllFollowers: { type: 'boolean' },
    followersActionType: { type: 'string', enum: ['add', 'remove'] },
    name: text,
    status: { type: 'string', enum: OPPORTUNITY_STATUSES },
    pipelineStageId: text,
    monetaryValue: { type: 'number' },
    assignedTo: text,
    lostReasonId: text,
  },
  required: ['pipelineId', 'locationId', 'contactId'],
};
