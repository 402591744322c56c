import { Language, localeOf } from '@ghl-payments/core';
import { html, SafeHtml } from '../html';
import { MESSAGES, MessageKey } from './catalog';

export type MessageParams = Record<string, string | number>;

/** A page's language: its texts, and numbers, amounts and times the way its readers write them. */
export interface I18n {
  language: Language;
  /** The BCP 47 locale numbers and dates are formatted with (`es-AR`, `pt-BR`, `en-US`). */
  locale: string;
  /** The configured time zone (TZ); undefined: times are shown in the browser's (the page script rewrites them). */
  timeZone?: string;
  /** The text of `key`, with `{name}` filled from `params` (numbers formatted in the locale). */
  t(key: MessageKey, params?: MessageParams): string;
  /** `one` or `other` text by `count` (`{count}` filled in). */
  plural(one: MessageKey, other: MessageKey, count: number, params?: MessageParams): string;
  /** A count with the locale's thousands separators. */
  count(n: number): string;
  /** An amount in its currency (`$ 1.234,50`, `R$ 1.234,50`); a dash for null. */
  amount(amount: number | null, currency: string | null): string;
  /** Date and time in the time zone, with the zone's name; a dash for null. */
  time(ms: number | null): string;
  /** `<time>` markup of `time(ms)`, rewritten to the browser's zone by the page script when no TZ is configured. */
  timeHtml(ms: number | null): SafeHtml;
  /** `45 s`, `3 min 12 s`, `2 h 5 min`, `3 d 4 h`. */
  age(seconds: number): string;
  /** `in 4 min` / `3 min ago` / `now`, relative to `now`. */
  relative(ms: number, now: number): string;
}

function fill(text: string, params: MessageParams | undefined, count: (n: number) => string): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? count(value) : value;
  });
}

/** The translator of one request's language (and the configured time zone, when there is one). */
export function createI18n(language: Language, timeZone?: string): I18n {
  const locale = localeOf(language);
  const messages = MESSAGES[language];
  const numbers = new Intl.NumberFormat(locale);
  const plurals = new Intl.PluralRules(locale);
  const dates = new Intl.DateTimeFormat(locale, {
    timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hour12: false, timeZoneName: 'short',
  });
  const count = (n: number) => numbers.format(n);
  const t = (key: MessageKey, params?: MessageParams) => fill(messages[key], params, count);
  const age = (seconds: number) => {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t('time.seconds', { s });
    if (s < 3600) return t('time.minutesSeconds', { m: Math.floor(s / 60), s: s % 60 });
    if (s < 86_400) return t('time.hoursMinutes', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
    return t('time.daysHours', { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
  };
  const time = (ms: number | null) => (ms === null ? '—' : dates.format(new Date(ms)));
  return {
    language,
    locale,
    timeZone,
    t,
    plural: (one, other, n, params) => t(plurals.select(n) === 'one' ? one : other, { count: n, ...params }),
    count,
    amount(amount, currency) {
      if (amount === null) return '—';
      if (currency && /^[A-Z]{3}$/.test(currency)) {
        try {
          return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
        } catch {
          // not an ISO 4217 code Intl knows: the number and the code as stored
        }
      }
      return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)}${currency ? ` ${currency}` : ''}`;
    },
    time,
    timeHtml: (ms) => (ms === null ? html`<span class="muted">—</span>`
      : html`<time datetime="${new Date(ms).toISOString()}"${timeZone ? '' : html` data-local`}>${time(ms)}</time>`),
    age,
    relative(ms, now) {
      const diff = Math.round((ms - now) / 1000);
      if (Math.abs(diff) < 1) return t('time.now');
      return diff > 0 ? t('time.in', { age: age(diff) }) : t('time.ago', { age: age(-diff) });
    },
  };
}
