import { Language, languageFromLocaleEnv, loadDotEnv, matchLanguage } from '@ghl-payments/core';

/**
 * The language a command speaks to the person at the terminal: UI_LANGUAGE, else the terminal's locale (`LANG=es_AR.UTF-8`
 * → es, `pt_BR.UTF-8` → pt-BR), else English, so scripts and CI (`LANG=C`) keep the English output. `config` is the
 * loaded configuration (its UI_LANGUAGE is validated there); null when the command loads none, then UI_LANGUAGE is read
 * from `env` and an unknown value is passed over.
 */
export function pickCliLanguage(config: { ui: { language?: Language } } | null, env: NodeJS.ProcessEnv = process.env): Language {
  const chosen = config ? config.ui.language : matchLanguage(env.UI_LANGUAGE ?? '');
  return chosen ?? languageFromLocaleEnv(env) ?? 'en';
}

/**
 * For a command that uses neither `.env` nor the configuration (the demo): UI_LANGUAGE from the environment or `.env`,
 * read without changing this process's environment, else the terminal's locale, else English.
 */
export function pickLanguageWithoutConfig(env: NodeJS.ProcessEnv = process.env): Language {
  const withDotEnv: NodeJS.ProcessEnv = { ...env };
  loadDotEnv(withDotEnv);
  return pickCliLanguage(null, withDotEnv);
}
