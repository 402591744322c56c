import request from 'supertest';
import type { Request } from 'express';
import { MESSAGES } from '../src/admin/i18n/catalog';
import { languageFromAcceptLanguage, pickLanguage } from '../src/admin/i18n/pick-language';
import { createI18n } from '../src/admin/i18n/translator';
import { createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

const requestWith = (headers: Record<string, string>) => ({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])) }) as unknown as Request;

describe('the dashboard\'s language', () => {
  it('takes the first of ours from Accept-Language, by weight', () => {
    expect(languageFromAcceptLanguage('pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('pt-BR');
    expect(languageFromAcceptLanguage('fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5')).toBe('es');
    expect(languageFromAcceptLanguage('en;q=0.2,es-AR;q=0.9')).toBe('es');
    expect(languageFromAcceptLanguage('de,fr')).toBeNull();
    expect(languageFromAcceptLanguage('es;q=0')).toBeNull();
    expect(languageFromAcceptLanguage(undefined)).toBeNull();
  });

  it('prefers the browser\'s choice on the switch, then Accept-Language, then UI_LANGUAGE, then Spanish', () => {
    expect(pickLanguage(requestWith({ cookie: 'ghlp_lang=en', 'accept-language': 'pt-BR' }), 'es')).toBe('en');
    expect(pickLanguage(requestWith({ cookie: 'ghlp_lang=xx', 'accept-language': 'pt-BR' }), 'es')).toBe('pt-BR');
    expect(pickLanguage(requestWith({ 'accept-language': 'de' }), 'pt-BR')).toBe('pt-BR');
    expect(pickLanguage(requestWith({}), undefined)).toBe('es');
  });

  it('has every text in the three languages, with the same placeholders', () => {
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(MESSAGES.en) as Array<keyof typeof MESSAGES.en>) {
      for (const language of ['es', 'pt-BR'] as const) {
        expect({ key, language, text: MESSAGES[language][key] }).toEqual({ key, language, text: expect.any(String) });
        expect({ key, language, placeholders: placeholders(MESSAGES[language][key]) }).toEqual({ key, language, placeholders: placeholders(MESSAGES.en[key]) });
      }
    }
  });

  it('writes amounts, counts and times the way each reader does', () => {
    const es = createI18n('es', 'America/Argentina/Buenos_Aires');
    const pt = createI18n('pt-BR', 'America/Sao_Paulo');
    const en = createI18n('en');
    expect(es.amount(1234.5, 'ARS')).toMatch(/^\$\s?1\.234,50$/);
    expect(pt.amount(1234.5, 'BRL')).toMatch(/^R\$\s?1\.234,50$/);
    expect(en.amount(1234.5, 'BRL')).toMatch(/^R\$1,234\.50$/);
    expect(en.amount(10, null)).toBe('10.00');
    expect(es.amount(null, 'ARS')).toBe('—');
    expect(es.count(1234567)).toBe('1.234.567');
    expect(en.count(1234567)).toBe('1,234,567');
    // 2026-12-07 15:04:05 UTC is 12:04:05 in Buenos Aires and São Paulo
    const at = Date.UTC(2026, 11, 7, 15, 4, 5);
    expect(es.time(at)).toMatch(/^07\/12\/2026,? 12:04:05/);
    expect(pt.time(at)).toMatch(/^07\/12\/2026,? 12:04:05/);
    expect(en.time(at)).toMatch(/^12\/07\/2026,? 15:04:05 UTC$/);
    expect(en.timeHtml(at).value).toContain('data-local');
    expect(es.timeHtml(at).value).not.toContain('data-local');
    expect(es.relative(at - 90_000, at)).toBe('hace 1 min 30 s');
    expect(pt.relative(at + 3 * 3600_000, at)).toBe('em 3 h 0 min');
    expect(es.plural('page.previous', 'page.next', 1)).toBe('← Anterior');
    expect(es.plural('page.previous', 'page.next', 2)).toBe('Siguiente →');
  });

  describe('the switch', () => {
    let f: OperatorFixture;
    beforeAll(async () => { f = await createOperatorFixture(); });
    afterAll(async () => { await f.t.destroy(); });

    it('remembers the choice for the browser and goes back to the page it was made on', async () => {
      const res = await request(f.app).get('/admin/language/pt-BR').set('Host', 'shop.test').set('Referer', 'http://shop.test/admin/payments?q=ana');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/admin/payments?q=ana');
      expect(res.headers['set-cookie'][0]).toMatch(/^ghlp_lang=pt-BR; Path=\/admin; HttpOnly; SameSite=Lax; Max-Age=31536000$/);
    });

    it('never sends the browser to another site, and ignores a language it does not speak', async () => {
      const away = await request(f.app).get('/admin/language/es').set('Host', 'shop.test').set('Referer', 'https://evil.test/admin/events');
      expect(away.headers.location).toBe('/admin');
      const unknown = await request(f.app).get('/admin/language/fr');
      expect(unknown.status).toBe(303);
      expect(unknown.headers['set-cookie']).toBeUndefined();
    });
  });
});
