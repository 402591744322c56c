import type { Language } from '@ghl-payments/core';

/**
 * One area's texts in every language. English is the reference: Spanish and Portuguese must have exactly its keys, so
 * a text added in one language and forgotten in another is a type error. `{name}` marks a value filled in by `t`.
 */
export type MessageSet<K extends string> = { en: Record<K, string> } & Record<Exclude<Language, 'en'>, Record<K, string>>;

export function defineMessages<K extends string>(messages: MessageSet<K>): MessageSet<K> {
  return messages;
}
