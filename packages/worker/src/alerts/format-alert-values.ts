import type { AlertLanguage } from '@ghl-payments/core';

const LOCALES: Record<AlertLanguage, string> = { es: 'es-AR', 'pt-BR': 'pt-BR', en: 'en-US' };

/** A moment as a shop owner reads it: date and time in the configured time zone, with the zone's short name. */
export function formatAlertTime(ms: number, language: AlertLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short',
  }).format(new Date(ms));
}

/** A length of time in whole minutes or hours: `45 min`, `2 h 5 min`, `3 h`. */
export function formatAlertDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** A count in the language's number format (thousands separators). */
export function formatAlertCount(n: number, language: AlertLanguage): string {
  return new Intl.NumberFormat(LOCALES[language]).format(n);
}
