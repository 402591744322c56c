import { PermanentError } from '@ghl-payments/core';
import type { GhlClient } from '../ghl-client';

/** Finds GoHighLevel custom field ids by key, for `setCustomFields`. */
export interface CustomFieldIds {
  /** The id of the location's custom field with this key (`mp_amount` or `contact.mp_amount`). */
  idOf(key: string): Promise<string>;
}

/** `contact.mp_amount` for `mp_amount`; a key that already names its object is kept. */
export function toFieldKey(key: string): string {
  const trimmed = key.trim();
  return trimmed.includes('.') ? trimmed : `contact.${trimmed}`;
}

/**
 * The location's custom fields, listed once and kept; a key not among them lists them again once (the field may have
 * been created since), and a key still missing is a permanent error naming it and the location.
 */
export function createCustomFieldIds(ghl: Pick<GhlClient, 'listCustomFields'>, locationId: string | undefined): CustomFieldIds {
  let known: Map<string, string> | null = null;
  let listing: Promise<Map<string, string>> | null = null;
  const list = (): Promise<Map<string, string>> => {
    listing ??= ghl.listCustomFields()
      .then((fields) => new Map(fields.map((f) => [f.fieldKey.toLowerCase(), f.id])))
      .finally(() => { listing = null; });
    return listing;
  };
  return {
    async idOf(key) {
      const fieldKey = toFieldKey(key).toLowerCase();
      known ??= await list();
      let id = known.get(fieldKey);
      if (id === undefined) {
        known = await list();
        id = known.get(fieldKey);
      }
      if (id === undefined) {
        throw new PermanentError(`GoHighLevel location ${locationId ?? '(GHL_LOCATION_ID unset)'} has no custom field with key "${toFieldKey(key)}": `
          + 'create it in GoHighLevel (Settings → Custom Fields) or fix the key in the rules file', { service: 'ghl' });
      }
      return id;
    },
  };
}
