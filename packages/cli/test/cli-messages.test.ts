import { LANGUAGES } from '@ghl-payments/core';
import { alertsMessages } from '../src/messages/alerts-messages';
import { defineMessages } from '../src/messages/define-messages';
import { demoMessages } from '../src/messages/demo-messages';
import { doctorMessages } from '../src/messages/doctor-messages';
import { formatNumber } from '../src/messages/format-number';
import { pickCliLanguage, pickLanguageWithoutConfig } from '../src/messages/pick-cli-language';
import { startMessages } from '../src/messages/start-messages';
import { summaryMessages } from '../src/messages/summary-messages';
import { summarizeChecks, fail, warn } from '../src/doctor/doctor-check';

describe('the commands\' language and texts', () => {
  describe('pickCliLanguage: UI_LANGUAGE, else the terminal\'s locale, else English', () => {
    it.each([
      ['UI_LANGUAGE wins over the locale', { ui: { language: 'es' as const } }, { LANG: 'pt_BR.UTF-8' }, 'es'],
      ['LANG=pt_BR.UTF-8', { ui: {} }, { LANG: 'pt_BR.UTF-8' }, 'pt-BR'],
      ['LANG=es_AR.UTF-8', { ui: {} }, { LANG: 'es_AR.UTF-8' }, 'es'],
      ['LC_ALL before LANG', { ui: {} }, { LC_ALL: 'es_MX.UTF-8', LANG: 'pt_BR.UTF-8' }, 'es'],
      ['LANG=C (scripts, CI)', { ui: {} }, { LANG: 'C' }, 'en'],
      ['LANG=C.UTF-8', { ui: {} }, { LANG: 'C.UTF-8' }, 'en'],
      ['a locale of another language', { ui: {} }, { LANG: 'fr_FR.UTF-8' }, 'en'],
      ['nothing set', { ui: {} }, {}, 'en'],
    ])('%s', (_name, config, env, expected) => {
      expect(pickCliLanguage(config, env)).toBe(expected);
    });

    it('without a configuration (the demo) reads UI_LANGUAGE itself and passes over a value it does not know', () => {
      expect(pickCliLanguage(null, { UI_LANGUAGE: 'pt', LANG: 'es_AR.UTF-8' })).toBe('pt-BR');
      expect(pickCliLanguage(null, { UI_LANGUAGE: 'klingon', LANG: 'es_AR.UTF-8' })).toBe('es');
      expect(pickCliLanguage(null, { UI_LANGUAGE: '' })).toBe('en');
      const before = { ...process.env };
      expect(pickLanguageWithoutConfig({ UI_LANGUAGE: 'es' })).toBe('es');
      expect(process.env).toEqual(before); // .env is read into a copy, never into this process's environment
    });
  });

  it('every language has exactly the English keys (also a type error: see defineMessages)', () => {
    for (const set of [alertsMessages, demoMessages, doctorMessages, startMessages, summaryMessages]) {
      const keys = Object.keys(set.en).sort();
      for (const language of LANGUAGES) expect(Object.keys(set[language]).sort()).toEqual(keys);
    }
    // @ts-expect-error Spanish lacks `b`: a text forgotten in one language does not compile
    defineMessages({ en: { a: 'A', b: 'B' }, es: { a: 'A' }, 'pt-BR': { a: 'A', b: 'B' } });
    // @ts-expect-error Portuguese has a key English lacks
    defineMessages({ en: { a: 'A' }, es: { a: 'A' }, 'pt-BR': { a: 'A', c: 'C' } });
  });

  it('writes numbers as each language does', () => {
    expect(formatNumber('es', 1234)).toBe('1.234');
    expect(formatNumber('pt-BR', 2.5, 1)).toBe('2,5');
    expect(formatNumber('en', 1234.5, 1)).toBe('1,234.5');
    const counts = { processed: 1234, success: 1230, retried: 1, failed: 3, ignored: 0, deferred: 0, lost: 0 };
    expect(summaryMessages.es.workerWords(counts)).toBe('1.234 eventos procesados: 1.230 con éxito, 1 se reintentará, 3 fallidos.');
    expect(summaryMessages['pt-BR'].workerWords({ ...counts, ignored: 2, deferred: 1000 }))
      .toBe('1.234 eventos processados: 1.230 com sucesso, 1 será tentado de novo, 3 com falha, 2 ignorados, 1.000 em espera sem contar como falha.');
    expect(summaryMessages.en.workerWords(counts)).toBeNull(); // English keeps its key=value line alone, as it always printed
    expect(demoMessages.es.outcome({ mark: '✓', total: 11, seconds: 3.25, counts: '…', duplicates: 2 })).toMatch(/ en 3,3 s: /);
  });

  it('doctor\'s verdict in each language, English unchanged', () => {
    const results = [fail('a'), fail('b'), warn('c')];
    expect(summarizeChecks(results)).toBe('2 problems to fix (✗) and 1 warning (!) worth a look: fix the ✗ lines above, then run `ghl-payments doctor` again.');
    expect(summarizeChecks(results, 'es')).toBe('2 problemas para corregir (✗) y 1 advertencia (!) para revisar: corrija las líneas ✗ de arriba y vuelva a ejecutar `ghl-payments doctor`.');
    expect(summarizeChecks([warn('c'), warn('d')], 'pt-BR')).toBe('Todas as verificações passaram; 2 avisos (!) para verificar.');
  });
});
