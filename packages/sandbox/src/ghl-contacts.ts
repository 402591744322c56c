import { createHash, randomBytes } from 'node:crypto';

/** A contact as the fake GoHighLevel stores and answers it. */
export interface GhlContact {
  id: string;
  locationId: string;
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  tags: string[];
  dateAdded: string;
  dateUpdated: string;
  [field: string]: unknown;
}

/** Fields an upsert (or a test's pre-seed) may set; `tags`, when present, replaces the contact's tags. */
export interface ContactFields {
  id?: string;
  email?: string;
  phone?: string;
  firstName?: string;
  tags?: string[];
  [field: string]: unknown;
}

/** One location's contacts, indexed by id, lower-cased email and phone. */
export interface ContactBook {
  /** Creates the contact for this email (or phone) or updates the existing one. */
  upsert(fields: ContactFields): { contact: GhlContact; created: boolean };
  get(id: string): GhlContact | undefined;
  findByEmail(email: string): GhlContact | undefined;
  findByPhone(phone: string): GhlContact | undefined;
  /** Adds tags not already present (keeping order); undefined for an unknown contact. */
  addTags(id: string, tags: readonly string[]): GhlContact | undefined;
  removeTags(id: string, tags: readonly string[]): GhlContact | undefined;
  clear(): void;
}

/** A copy safe to hand out (tags included). */
export function copyContact(contact: GhlContact): GhlContact {
  return { ...contact, tags: [...contact.tags] };
}

/** Creates an empty contact book for `locationId`. Contact ids derive from the email (stable across runs). */
export function createContactBook(locationId: string): ContactBook {
  const byId = new Map<string, GhlContact>();
  const byEmail = new Map<string, GhlContact>();
  const byPhone = new Map<string, GhlContact>();

  const index = (contact: GhlContact): void => {
    byId.set(contact.id, contact);
    if (contact.email) byEmail.set(contact.email.toLowerCase(), contact);
    if (contact.phone) byPhone.set(contact.phone, contact);
  };
  const unindex = (contact: GhlContact): void => {
    byId.delete(contact.id);
    if (contact.email && byEmail.get(contact.email.toLowerCase()) === contact) byEmail.delete(contact.email.toLowerCase());
    if (contact.phone && byPhone.get(contact.phone) === contact) byPhone.delete(contact.phone);
  };
  const newId = (fields: ContactFields): string => {
    if (fields.id) return fields.id;
    const key = fields.email ? `email:${fields.email.toLowerCase()}` : fields.phone ? `phone:${fields.phone}` : '';
    if (key === '') return randomBytes(10).toString('hex');
    return createHash('sha256').update(`${locationId}:${key}`).digest('hex').slice(0, 20);
  };

  return {
    upsert(fields) {
      const now = new Date().toISOString();
      const existing = (fields.id ? byId.get(fields.id) : undefined)
        ?? (fields.email ? byEmail.get(fields.email.toLowerCase()) : undefined)
        ?? (fields.phone ? byPhone.get(fields.phone) : undefined);
      const { tags, ...rest } = fields;
      if (existing) {
        unindex(existing);
        Object.assign(existing, rest, { id: existing.id, locationId, dateUpdated: now });
        if (tags !== undefined) existing.tags = dedupe(tags);
        index(existing);
        return { contact: existing, created: false };
      }
      const contact: GhlContact = { ...rest, id: newId(fields), locationId, tags: dedupe(tags ?? []), dateAdded: now, dateUpdated: now };
      index(contact);
      return { contact, created: true };
    },
    get: (id) => byId.get(id),
    findByEmail: (email) => byEmail.get(email.toLowerCase()),
    findByPhone: (phone) => byPhone.get(phone),
    addTags(id, tags) {
      const contact = byId.get(id);
      if (!contact) return undefined;
      for (const tag of tags) if (!contact.tags.includes(tag)) contact.tags.push(tag);
      contact.dateUpdated = new Date().toISOString();
      return contact;
    },
    removeTags(id, tags) {
      const contact = byId.get(id);
      if (!contact) return undefined;
      contact.tags = contact.tags.filter((tag) => !tags.includes(tag));
      contact.dateUpdated = new Date().toISOString();
      return contact;
    },
    clear() {
      byId.clear();
      byEmail.clear();
      byPhone.clear();
    },
  };
}

function dedupe(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
