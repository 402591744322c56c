import { z } from 'zod';

/** A GHL id as it may appear in a URL path. */
export const ghlIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'not a GHL id');

/** POST /contacts/upsert → `{new, contact: {id}, traceId}`. */
export const ghlUpsertResponseSchema = z.looseObject({
  new: z.boolean().optional(),
  contact: z.looseObject({ id: ghlIdSchema }),
});

/** POST /contacts/{id}/tags → 201 `{tags: [...]}`; tolerated when absent (the tags were accepted). */
export const ghlTagsResponseSchema = z.looseObject({ tags: z.array(z.string()).optional() }).nullish();

/** GET /locations/{id} → `{location: {id, name, ...}}`. */
export const ghlLocationResponseSchema = z.looseObject({
  location: z.looseObject({ id: z.string(), name: z.string().nullish() }),
});
export type GhlLocation = z.infer<typeof ghlLocationResponseSchema>['location'];

/** DELETE /contacts/{id}/tags → 200 `{tags: [...]}` (the contact's remaining tags); tolerated when absent. */
export const ghlRemoveTagsResponseSchema = ghlTagsResponseSchema;

/** A location's custom field as the product uses it. */
export interface GhlCustomField {
  id: string;
  name: string;
  /** e.g. `contact.mp_amount`. */
  fieldKey: string;
  dataType: string | null;
}

/** GET /locations/{locationId}/customFields → `{customFields: [{id, name, fieldKey, dataType, ...}]}`. */
export const ghlCustomFieldsResponseSchema = z.looseObject({
  customFields: z.array(z.looseObject({
    id: ghlIdSchema,
    name: z.string().nullish(),
    fieldKey: z.string().min(1),
    dataType: z.string().nullish(),
  })),
});

/** PUT /contacts/{id} → 200 `{succeded, contact}`; only its arrival matters. */
export const ghlUpdateContactResponseSchema = z.looseObject({ succeded: z.boolean().optional() }).nullish();

/** POST /contacts/{id}/notes → 201 `{note: {id, body, ...}}`. */
export const ghlNoteResponseSchema = z.looseObject({ note: z.looseObject({ id: z.string().min(1) }) });

/** POST and DELETE /contacts/{id}/workflow/{workflowId} → 200 `{succeded: true}` (the spec's spelling). */
export const ghlWorkflowResponseSchema = z.looseObject({ succeded: z.boolean().optional() }).nullish();

/** POST /opportunities/upsert → 200 `{opportunity: {id, ...}, new}`. */
export const ghlOpportunityUpsertResponseSchema = z.looseObject({
  opportunity: z.looseObject({ id: z.string().min(1) }),
  new: z.boolean().optional(),
});

/** GET /contacts/{id} → `{contact: {id, tags, ...}}`. */
export const ghlContactResponseSchema = z.looseObject({
  contact: z.looseObject({ id: ghlIdSchema, tags: z.array(z.string()).nullish() }),
});

/** A note of a contact as the product reads it. */
export interface GhlNote {
  id: string;
  body: string;
}

/** GET /contacts/{id}/notes → `{notes: [{id, body, ...}]}`. */
export const ghlNotesResponseSchema = z.looseObject({
  notes: z.array(z.looseObject({ id: z.string().min(1), body: z.string().nullish() })),
});

/** GET /contacts/{id} → `{contact: {id, email, firstName, lastName, phone, ...}}`: what a payment link reads of its contact. */
export const ghlContactDetailsResponseSchema = z.looseObject({
  contact: z.looseObject({
    id: ghlIdSchema, email: z.string().nullish(), firstName: z.string().nullish(), lastName: z.string().nullish(), phone: z.string().nullish(),
  }),
});

/** A contact as a payment link uses it (the email becomes the preference's payer). */
export interface GhlContactDetails {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}
