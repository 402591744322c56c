import type { Language } from '@ghl-payments/core';

/** One text: fixed, a few lines, or built from values (counts, ids) the caller passes (null: nothing to say in this language). */
export type Message = string | readonly string[] | ((...args: never[]) => string | null);

/**
 * One command group's texts in every language. English is the reference: Spanish and Portuguese must have exactly its
 * keys and the same parameters, so a text added in one language and forgotten in another is a type error.
 */
export type MessageSet<M> = { en: M } & Record<Exclude<Language, 'en'>, M>;

export function defineMessages<M extends Record<string, Message>>(messages: { en: M } & Record<Exclude<Language, 'en'>, NoInfer<M>>): MessageSet<M> {
  return messages;
}

/** The texts of one language. */
export function pickMessages<M>(messages: MessageSet<M>, language: Language): M {
  return messages[language];
}
