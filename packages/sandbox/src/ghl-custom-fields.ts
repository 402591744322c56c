import { createHash } from 'node:crypto';

/** Which object a custom field belongs to (locations.json GET /locations/{locationId}/customFields, `model`). */
export type GhlCustomFieldModel = 'contact' | 'opportunity';

/** A location's custom field as `GET /locations/{locationId}/customFields` answers it (locations.json). */
export interface GhlCustomFieldDefinition {
  id: string;
  name: string;
  /** `contact.mp_amount`: the object, a dot, the key. */
  fieldKey: string;
  placeholder: string;
  /** e.g. `TEXT`, `NUMERICAL`, `MONETORY`, `DATE`. */
  dataType: string;
  position: number;
  picklistOptions: string[];
  locationId: string;
  model: GhlCustomFieldModel;
}

/** How a test seeds a custom field: `key` is `mp_amount` or `contact.mp_amount`. */
export interface CustomFieldSeed {
  key: string;
  name?: string;
  dataType?: string;
  model?: GhlCustomFieldModel;
  id?: string;
}

/** One stored value of one contact, as GET /contacts/{contactId} answers it: `{id, value}`. */
export interface GhlCustomFieldValue {
  id: string;
  value: unknown;
}

/** A location's custom field definitions and the values contacts hold for them. */
export interface CustomFieldStore {
  define(seed: CustomFieldSeed): GhlCustomFieldDefinition;
  /** Definitions in creation order; `model` `all` (or none) lists every one. */
  list(model?: GhlCustomFieldModel | 'all'): GhlCustomFieldDefinition[];
  /** Sets values on a contact, replacing the value of each field named, keeping the others. */
  setValues(contactId: string, values: readonly GhlCustomFieldValue[]): void;
  valuesOf(contactId: string): GhlCustomFieldValue[];
  clear(): void;
}

/** Creates an empty store for `locationId`. Field ids derive from the field key (stable across runs). */
export function createCustomFieldStore(locationId: string): CustomFieldStore {
  const definitions = new Map<string, GhlCustomFieldDefinition>();
  const values = new Map<string, Map<string, unknown>>();
  return {
    define(seed) {
      const model = seed.model ?? (seed.key.startsWith('opportunity.') ? 'opportunity' : 'contact');
      const key = seed.key.includes('.') ? seed.key.slice(seed.key.indexOf('.') + 1) : seed.key;
      const fieldKey = `${model}.${key}`;
      const existing = [...definitions.values()].find((d) => d.fieldKey === fieldKey);
      if (existing) throw new Error(`custom field ${fieldKey} already exists (id ${existing.id})`);
      const definition: GhlCustomFieldDefinition = {
        id: seed.id ?? createHash('sha256').update(`${locationId}:${fieldKey}`).digest('hex').slice(0, 20),
        name: seed.name ?? key,
        fieldKey,
        placeholder: '',
        dataType: seed.dataType ?? 'TEXT',
        position: definitions.size,
        picklistOptions: [],
        locationId,
        model,
      };
      definitions.set(definition.id, definition);
      return { ...definition, picklistOptions: [] };
    },
    list(model) {
      return [...definitions.values()]
        .filter((d) => !model || model === 'all' || d.model === model)
        .map((d) => ({ ...d, picklistOptions: [...d.picklistOptions] }));
    },
    setValues(contactId, updates) {
      const held = values.get(contactId) ?? new Map<string, unknown>();
      for (const { id, value } of updates) held.set(id, value);
      values.set(contactId, held);
    },
    valuesOf(contactId) {
      return [...(values.get(contactId) ?? new Map<string, unknown>()).entries()].map(([id, value]) => ({ id, value }));
    },
    clear() {
      definitions.clear();
      values.clear();
    },
  };
}
