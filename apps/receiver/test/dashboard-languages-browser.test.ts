import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LANGUAGES, Language } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import {
  expectedHeading, inspectPage, launchChromium, openContext, openShowcasePage, seedShowcase, Showcase, showcasePages, signInAsAdmin,
  startShowcaseServer, switchLanguage, ViewportName,
} from './helpers/dashboard-showcase';

/**
 * Every dashboard page in Spanish, Portuguese and English, at phone (375×812) and desktop (1280×800) widths, in real
 * headless Chromium against a real receiver: the page is in the language picked on the visible switch (remembered by
 * its cookie), its heading is translated, and nothing makes the page scroll sideways. Screenshots go to a temp folder.
 */
describe('dashboard in three languages at phone and desktop widths (Chromium)', () => {
  let t: TestDatabase;
  let server: { base: string; close(): Promise<void> };
  let browser: Browser;
  let showcase: Showcase;
  const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-screens-'));

  beforeAll(async () => {
    t = await createTestDatabase();
    showcase = await seedShowcase(t);
    server = await startShowcaseServer(t);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.destroy();
    fs.rmSync(shots, { recursive: true, force: true });
  });

  it('the language switch on the login page sets the language and a cookie remembers it across pages', async () => {
    const context = await openContext(browser, 'desktop');
    const page = await context.newPage();
    try {
      await page.goto(`${server.base}/admin/login`);
      // an English-speaking browser, no UI_LANGUAGE: English until the switch says otherwise
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');
      expect(await page.isVisible('#language-switch a[data-language="pt-BR"]')).toBe(true);
      await switchLanguage(page, 'pt-BR');
      expect(new URL(page.url()).pathname).toBe('/admin/login');
      expect(await page.textContent('#login-form button[type=submit]')).toBe('Entrar');
      expect((await context.cookies()).find((c) => c.name === 'ghlp_lang')?.value).toBe('pt-BR');
      await signInAsAdmin(page, server.base);
      expect(await page.evaluate('document.documentElement.lang')).toBe('pt-BR');
      expect(await page.textContent('.mainnav a[href="/admin/audit"]')).toBe('Auditoria');
      await switchLanguage(page, 'es');
      expect(new URL(page.url()).pathname).toBe('/admin');
      await page.goto(`${server.base}/admin/accounts`);
      expect(await page.evaluate('document.documentElement.lang')).toBe('es');
      expect(await page.textContent('main h1')).toBe('Cuentas');
      expect(await page.textContent('#language-switch [aria-current="true"]')).toBe('Español');
    } finally {
      await context.close();
    }
  }, 60_000);

  for (const viewport of ['phone', 'desktop'] as const satisfies readonly ViewportName[]) {
    describe(`at ${viewport} width`, () => {
      let context: BrowserContext;
      let page: Page;
      const problems: string[] = [];

      beforeAll(async () => {
        context = await openContext(browser, viewport);
        page = await context.newPage();
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
        await signInAsAdmin(page, server.base);
      }, 30_000);

      afterAll(async () => {
        await context?.close();
      });

      for (const language of LANGUAGES as readonly Language[]) {
        it(`every page in ${language}: translated heading, <html lang>, no sideways scroll`, async () => {
          await page.goto(`${server.base}/admin`);
          await switchLanguage(page, language);
          const found: string[] = [];
          for (const p of showcasePages(showcase)) {
            await openShowcasePage(page, server.base, p);
            const seen = await inspectPage(page, p);
            // one line per problem, so a failure names every page that is off, not only the first
            if (seen.lang !== language) found.push(`${p.name}: <html lang="${seen.lang}">`);
            if (!seen.heading.includes(expectedHeading(p, language))) found.push(`${p.name}: heading "${seen.heading}", expected "${expectedHeading(p, language)}"`);
            if (seen.scrollWidth > seen.innerWidth) found.push(`${p.name}: ${seen.scrollWidth}px wide in a ${seen.innerWidth}px window`);
            await page.screenshot({ path: path.join(shots, `${p.name}-${language}-${viewport}.png`), fullPage: true });
          }
          expect(found).toEqual([]);
          expect(problems).toEqual([]);
          expect(fs.statSync(path.join(shots, `overview-${language}-${viewport}.png`)).size).toBeGreaterThan(10_000);
        }, 90_000);
      }
    });
  }
});
