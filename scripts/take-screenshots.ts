/**
 * Takes the dashboard's screenshots for the docs: a seeded shop (payments in ARS and BRL, events, links) served by a
 * real receiver on a temporary database, looked at in headless Chromium (/usr/bin/chromium), written to
 * docs/screenshots/<page>-<language>-<phone|desktop>.png, and docs/dashboard.png (the Spanish overview on a desktop).
 * Run: `npx tsx scripts/take-screenshots.ts` (the same pages the browser test checks, the same data every run).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import type { Language } from '@ghl-payments/core';
import { createTestDatabase } from '@ghl-payments/test-support';
import {
  launchChromium, openContext, openShowcasePage, seedShowcase, showcasePages, signInAsAdmin, startShowcaseServer, switchLanguage, ViewportName, VIEWPORTS,
} from '../apps/receiver/test/helpers/dashboard-showcase';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const OVERVIEW = path.join(ROOT, 'docs', 'dashboard.png');

/**
 * Which pages in which language and width: kept small (Spanish and Portuguese at both widths, English on a desktop).
 */
const PAGES = ['overview', 'events', 'payments', 'payment'] as const;
const SHOTS: ReadonlyArray<readonly [Language, ViewportName]> = [['es', 'phone'], ['es', 'desktop'], ['pt-BR', 'phone'], ['pt-BR', 'desktop'], ['en', 'desktop']];

/**
 * The PNG with its image data deflated again at the highest level (Chromium writes it for speed, not size); the
 * pixels are unchanged, and ancillary chunks other than the colour space are dropped.
 */
function compressPng(png: Buffer): Buffer {
  const signature = png.subarray(0, 8);
  const chunks: Array<{ type: string; data: Buffer }> = [];
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') {
      if (idat.length === 0) chunks.push({ type, data: Buffer.alloc(0) });
      idat.push(data);
    } else if (/^[A-Z]/.test(type) || type === 'sRGB' || type === 'gAMA') chunks.push({ type, data });
    at += 12 + length;
  }
  const deflated = zlib.deflateSync(zlib.inflateSync(Buffer.concat(idat)), { level: 9, memLevel: 9 });
  const out = [signature];
  for (const chunk of chunks) {
    const data = chunk.type === 'IDAT' ? deflated : chunk.data;
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(chunk.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    out.push(head, data, crc);
  }
  const result = Buffer.concat(out);
  return result.length < png.length ? result : png;
}

/** A phone's first screen; a desktop's whole page, cut at MAX_DESKTOP_HEIGHT (a long list says nothing more below). */
const MAX_DESKTOP_HEIGHT = 1600;
async function shotArea(page: Page, viewport: ViewportName): Promise<{ fullPage: boolean; clip?: { x: number; y: number; width: number; height: number } }> {
  if (viewport === 'phone') return { fullPage: false };
  const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
  return { fullPage: true, clip: { x: 0, y: 0, width: VIEWPORTS.desktop.width, height: Math.min(height, MAX_DESKTOP_HEIGHT) } };
}

async function takeScreenshots(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const t = await createTestDatabase();
  const server = await startShowcaseServer(t);
  const browser = await launchChromium();
  try {
    const showcase = await seedShowcase(t);
    const pages = showcasePages(showcase).filter((p) => (PAGES as readonly string[]).includes(p.name));
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await openContext(browser, viewport);
      const page = await context.newPage();
      await signInAsAdmin(page, server.base);
      for (const [language] of SHOTS.filter(([, v]) => v === viewport)) {
        await switchLanguage(page, language);
        for (const p of pages) {
          await openShowcasePage(page, server.base, p);
          const file = path.join(OUT, `${p.name}-${language}-${viewport}.png`);
          fs.writeFileSync(file, compressPng(await page.screenshot(await shotArea(page, viewport))));
          if (p.name === 'overview' && language === 'es' && viewport === 'desktop') fs.copyFileSync(file, OVERVIEW);
          console.log(`${path.relative(ROOT, file)} (${Math.round(fs.statSync(file).size / 1024)} KiB)`);
        }
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await t.destroy();
  }
}

takeScreenshots().catch((err: unknown) => {
  console.error(`screenshots failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
