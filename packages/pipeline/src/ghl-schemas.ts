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
