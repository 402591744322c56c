import { languageFromLocaleEnv, loadConfig, matchLanguage, parseLanguage } from '../src';

describe('the product languages', () => {
  it.each([
    ['es', 'es'], ['es-AR', 'es'], ['ES_mx', 'es'], ['pt', 'pt-BR'], ['pt-BR', 'pt-BR'], ['pt_PT', 'pt-BR'], ['en-GB', 'en'], ['EN', 'en'],
  ])('%s is spoken as %s', (raw, language) => {
    expect(matchLanguage(raw)).toBe(language);
    expect(parseLanguage(raw)).toBe(language);
  });

  it('refuses a language it does not speak, naming the three it does', () => {
    expect(matchLanguage('fr')).toBeNull();
    expect(() => parseLanguage('fr')).toThrow('"fr" is not es, pt-BR or en');
  });

  it('reads a terminal locale as command-line tools do: LC_ALL, then LC_MESSAGES, then LANG; C and POSIX name none', () => {
    expect(languageFromLocaleEnv({ LANG: 'es_AR.UTF-8' })).toBe('es');
    expect(languageFromLocaleEnv({ LANG: 'pt_BR.UTF-8' })).toBe('pt-BR');
    expect(languageFromLocaleEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'es_AR.UTF-8' })).toBe('en');
    expect(languageFromLocaleEnv({ LC_MESSAGES: 'pt_BR', LANG: 'en_US.UTF-8' })).toBe('pt-BR');
    expect(languageFromLocaleEnv({ LANG: 'C.UTF-8' })).toBeNull();
    expect(languageFromLocaleEnv({})).toBeNull();
  });
});

describe('UI_LANGUAGE and ALERT_LANGUAGE', () => {
  const base = { DATABASE_URL: ':memory:' };

  it('leaves the dashboard to the browser when UI_LANGUAGE is unset, and writes alerts in Spanish', () => {
    const config = loadConfig(base);
    expect(config.ui.language).toBeUndefined();
    expect(config.alerts.language).toBe('es');
  });

  it('makes UI_LANGUAGE the alerts\' language too, unless ALERT_LANGUAGE says otherwise', () => {
    expect(loadConfig({ ...base, UI_LANGUAGE: 'pt-BR' }).alerts.language).toBe('pt-BR');
    expect(loadConfig({ ...base, UI_LANGUAGE: 'pt_BR' }).ui.language).toBe('pt-BR');
    expect(loadConfig({ ...base, UI_LANGUAGE: 'pt-BR', ALERT_LANGUAGE: 'en' }).alerts.language).toBe('en');
  });

  it('refuses a language it does not speak with one line naming the variable', () => {
    expect(() => loadConfig({ ...base, UI_LANGUAGE: 'de' })).toThrow(/UI_LANGUAGE.*"de" is not es, pt-BR or en/);
  });

  it('keeps TZ for the dashboard only when it is set (else the browser\'s zone is used)', () => {
    expect(loadConfig(base).ui.timeZone).toBeUndefined();
    expect(loadConfig({ ...base, TZ: 'America/Sao_Paulo' }).ui.timeZone).toBe('America/Sao_Paulo');
  });
});
