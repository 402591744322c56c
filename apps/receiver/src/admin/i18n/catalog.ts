import type { Language } from '@ghl-payments/core';
import { accountsMessages } from './messages-accounts';
import { auditMessages } from './messages-audit';
import { commonMessages } from './messages-common';
import { eventsMessages } from './messages-events';
import { loginMessages } from './messages-login';
import { overviewMessages } from './messages-overview';
import { paymentsMessages } from './messages-payments';

const AREAS = [commonMessages, overviewMessages, eventsMessages, paymentsMessages, accountsMessages, auditMessages, loginMessages] as const;

type KeysOf<T> = T extends unknown ? keyof T & string : never;

/** Every key of the dashboard's texts (the English set of each area). */
export type MessageKey = KeysOf<(typeof AREAS)[number]['en']>;

/** Every text of the dashboard, by language (each area's keys are checked against English where it is defined). */
export const MESSAGES = Object.fromEntries((['es', 'pt-BR', 'en'] as const).map((language) => [
  language, Object.assign({}, ...AREAS.map((area) => area[language])) as Record<MessageKey, string>,
])) as Record<Language, Record<MessageKey, string>>;
