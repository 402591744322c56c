/** The languages the product speaks to its users: the dashboard, alerts, CLI summaries and the demo. */
export type Language = 'es' | 'pt-BR' | 'en';

export const LANGUAGES: readonly Language[] = ['es', 'pt-BR', 'en'];

/** The locale each language formats numbers, amounts and dates with (a shop in Buenos Aires, São Paulo, or English). */
const LOCALES: Record<Language, string> = { es: 'es-AR', 'pt-BR': 'pt-BR', en: 'en-US' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** `es`, `es-MX`, `pt`, `pt_BR`, `en-GB` … → the language spoken; null for any other. */
export function matchLanguage(raw: string): Language | null {
  const v = raw.trim().toLowerCase().replace('_', '-');
  if (v === 'es' || v.startsWith('es-')) return 'es';
  if (v === 'pt' || v.startsWith('pt-')) return 'pt-BR';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return null;
}

/** UI_LANGUAGE / ALERT_LANGUAGE: `es`, `pt-BR` or `en` (regional variants such as `es-AR` or `pt` accepted). */
export function parseLanguage(raw: string): Language {
  const language = matchLanguage(raw);
  if (!language) throw new Error(`"${raw}" is not es, pt-BR or en`);
  return language;
}

/**
 * The language of a terminal session from the POSIX locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`: `es_AR.UTF-8`),
 * as command-line tools do; null when they name none of ours (`C`, `POSIX`, unset).
 */
export function languageFromLocaleEnv(env: NodeJS.ProcessEnv): Language | null {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (value) return matchLanguage(value.split('.')[0]);
  }
  return null;
}
