import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createSilentLogger, Language, loadConfig } from '@ghl-payments/core';
import { seedEvents, seedPayment, TestDatabase } from '@ghl-payments/test-support';
import { buildOperatorRouters, createApp } from '../../src';
import { MESSAGES } from '../../src/admin/i18n/catalog';
import { ADMIN_TOKEN } from './operator-fixture';

/**
 * A small shop's dashboard with something on every page (payments in ARS and BRL with buyers' names, events in every
 * state, payment links, an account, audit entries), served by a real receiver and looked at in headless Chromium.
 * Shared by the browser test in three languages and by scripts/take-screenshots.ts.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const SHOWCASE_NOW = Date.UTC(2026, 10, 30, 15, 0, 20);
const MIN = 60_000;

export const VIEWPORTS = { phone: { width: 375, height: 812 }, desktop: { width: 1280, height: 800 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** What seedShowcase stored that the pages are opened on. */
export interface Showcase {
  eventId: number;
  paymentId: number;
}

interface Buyer {
  mpPaymentId: string; first: string; last: string; email: string; amount: number; currency: 'ARS' | 'BRL'; status: string; statusDetail: string;
  description: string; reference: string;
}

const BUYERS: readonly Buyer[] = [
  { mpPaymentId: '1319865453', first: 'Lucía', last: 'Fernández', email: 'lucia.fernandez@example.com', amount: 15000.5, currency: 'ARS', status: 'approved', statusDetail: 'accredited', description: 'Curso de cerámica', reference: 'curso-ceramica-42' },
  { mpPaymentId: '1319865460', first: 'João', last: 'Silva', email: 'joao.silva@example.com.br', amount: 249.9, currency: 'BRL', status: 'approved', statusDetail: 'accredited', description: 'Mentoria mensal', reference: 'mentoria-7' },
  { mpPaymentId: '1319865471', first: 'Martín', last: 'Gómez', email: 'martin.gomez@example.com', amount: 87500, currency: 'ARS', status: 'pending', statusDetail: 'pending_waiting_transfer', description: 'Taller intensivo', reference: 'taller-3' },
  { mpPaymentId: '1319865488', first: 'Ana', last: 'Souza', email: 'ana.souza@example.com.br', amount: 1200, currency: 'BRL', status: 'rejected', statusDetail: 'cc_rejected_insufficient_amount', description: 'Plano anual', reference: 'plano-anual-9' },
];

/** Stores the shop's payments, events, links, an account and audit entries; returns the ids the detail pages show. */
export async function seedShowcase(t: TestDatabase): Promise<Showcase> {
  const paymentIds: number[] = [];
  for (const [i, b] of BUYERS.entries()) {
    const created = new Date(SHOWCASE_NOW - (i + 1) * 47 * MIN).toISOString().replace('Z', '-00:00');
    // the payment as MercadoPago returns it (GET /v1/payments/{id}: payer.first_name / last_name / email)
    const raw = JSON.stringify({
      id: Number(b.mpPaymentId), status: b.status, status_detail: b.statusDetail, transaction_amount: b.amount, currency_id: b.currency,
      description: b.description, external_reference: b.reference, date_created: created,
      payer: { email: b.email, first_name: b.first, last_name: b.last },
    });
    paymentIds.push(await seedPayment(t.db, {
      mpPaymentId: b.mpPaymentId, status: b.status, statusDetail: b.statusDetail, amount: b.amount, currency: b.currency, description: b.description,
      externalReference: b.reference, payerEmail: b.email, dateCreated: created, dateApproved: b.status === 'approved' ? created : null,
      dateLastUpdated: created, raw, ghlContactId: `contact-${i + 1}`,
    }, SHOWCASE_NOW - (i + 1) * 47 * MIN));
  }
  // the buyer's name has its own column once the payer-name migration fills it in
  if (await t.db.knex.schema.hasColumn('payments', 'payer_name')) {
    for (const [i, b] of BUYERS.entries()) await t.db.knex('payments').where('id', paymentIds[i]).update({ payer_name: `${b.first} ${b.last}` });
  }
  const ids = await seedEvents(t.db, [
    ...BUYERS.map((b, i) => ({
      status: 'success' as const, resourceId: b.mpPaymentId, paymentId: paymentIds[i], receivedAt: SHOWCASE_NOW - (i + 1) * 47 * MIN,
      history: [{ outcome: 'success' as const, startedAt: SHOWCASE_NOW - (i + 1) * 47 * MIN + 800 }],
    })),
    {
      status: 'failed', resourceId: '1319865499', receivedAt: SHOWCASE_NOW - 30 * MIN, lastError: 'MercadoPago answered 404: payment not found',
      history: [{ outcome: 'failed', startedAt: SHOWCASE_NOW - 30 * MIN + 500, error: 'MercadoPago answered 404: payment not found' }],
    },
    {
      status: 'pending', resourceId: '1319865502', receivedAt: SHOWCASE_NOW - 4 * MIN, nextRetryAt: SHOWCASE_NOW + 2 * MIN, lastError: 'GoHighLevel answered 503',
      history: [{ outcome: 'retry', startedAt: SHOWCASE_NOW - 4 * MIN + 400, error: 'GoHighLevel answered 503' }],
    },
    { status: 'pending', resourceId: '1319865510', receivedAt: SHOWCASE_NOW - 20_000 },
    { status: 'ignored', topic: 'merchant_order', resourceId: '27846301245', receivedAt: SHOWCASE_NOW - 90 * MIN },
  ]);
  // an hour of steady traffic (the same every run), with a few retries, so the overview's charts have a shape
  await seedEvents(t.db, Array.from({ length: 58 }, (_, k) => k + 2).flatMap((m) => Array.from({ length: 1 + ((m * 7) % 3) }, (__, i) => {
    const receivedAt = SHOWCASE_NOW - m * MIN + i * 9000;
    const retried = (m + i) % 9 === 0;
    const done = receivedAt + (retried ? 65_000 : 1500);
    return {
      status: 'success' as const, topic: i === 2 ? 'merchant_order' : 'payment', resourceId: String(1319860000 + m * 10 + i), receivedAt, processedAt: done,
      history: [
        ...(retried ? [{ outcome: 'retry' as const, startedAt: receivedAt + 300, error: 'GoHighLevel answered 503' }] : []),
        { outcome: 'success' as const, startedAt: done - 250 },
      ],
    };
  })));
  const link = (i: number, state: { paidAt?: number; expiresAt?: number }) => {
    const b = BUYERS[i];
    return {
      account: 'default', preference_id: `pref-${b.reference}`, contact_id: `contact-${i + 1}`, title: b.description, amount: b.amount, currency: b.currency,
      quantity: 1, external_reference: `link-${b.reference}`, init_point: `https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=pref-${b.reference}`,
      source: i % 2 === 0 ? 'workflow' : 'api', paid_at: state.paidAt ?? null, mp_payment_id: state.paidAt ? b.mpPaymentId : null,
      expires_at: state.expiresAt ?? null, created_at: SHOWCASE_NOW - (i + 2) * 60 * MIN, updated_at: SHOWCASE_NOW - (i + 1) * 60 * MIN,
    };
  };
  await t.db.knex('payment_links').insert([
    link(0, { paidAt: SHOWCASE_NOW - 47 * MIN }), link(1, { paidAt: SHOWCASE_NOW - 94 * MIN }), link(2, {}), link(3, { expiresAt: SHOWCASE_NOW - 10 * MIN }),
  ]);
  await t.db.createAccount({ slug: 'tienda-sur', name: 'Tienda Sur', ghlLocationId: 'loc-tienda-sur' }, SHOWCASE_NOW - 3 * 86_400_000);
  await t.db.recordAudit({ at: SHOWCASE_NOW - 2 * 86_400_000, actor: 'admin', action: 'account-change', target: 'tienda-sur', detail: { change: 'add' }, client: '127.0.0.1' });
  await t.db.recordAudit({ at: SHOWCASE_NOW - 25 * MIN, actor: 'admin', action: 'retry', target: `event:${ids[4]}`, detail: null, client: '127.0.0.1' });
  return { eventId: ids[4], paymentId: paymentIds[0] };
}

/** A receiver serving the dashboard on 127.0.0.1 at the showcase's clock (no UI_LANGUAGE: the browser picks). */
export async function startShowcaseServer(t: TestDatabase): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN, TZ: 'America/Argentina/Buenos_Aires' });
  const logger = createSilentLogger();
  const now = () => SHOWCASE_NOW;
  const app = createApp({ store: t.db, config, logger, now, routers: buildOperatorRouters({ store: t.db, config, logger, adminToken: ADMIN_TOKEN, now }) });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}

/** A browser context at one of the two widths (an English-speaking browser: the switch picks the language). */
export function openContext(browser: Browser, viewport: ViewportName): Promise<BrowserContext> {
  return browser.newContext({
    viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, isMobile: viewport === 'phone', hasTouch: viewport === 'phone',
    timezoneId: 'America/Argentina/Buenos_Aires', locale: 'en-US',
  });
}

/** Signs in on the login page with the admin token and lands on the overview. */
export async function signInAsAdmin(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/admin/login`);
  await page.fill('#token', ADMIN_TOKEN);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('#login-form button[type=submit]')]);
}

/** Clicks the language switch's link for `language` and waits for the page to come back in it. */
export async function switchLanguage(page: Page, language: Language): Promise<void> {
  // the switch answers with a redirect back to the page it was clicked on
  await Promise.all([page.waitForEvent('load'), page.click(`#language-switch a[data-language="${language}"]`)]);
  const lang = await page.evaluate('document.documentElement.lang');
  if (lang !== language) throw new Error(`the language switch to ${language} left the page in ${String(lang)}`);
}

/** A dashboard page, and the catalog key (with its values) of its translated heading. */
export interface ShowcasePage {
  name: string;
  path: string;
  heading: string;
  params?: Record<string, string | number>;
}

export function showcasePages(s: Showcase): ShowcasePage[] {
  return [
    { name: 'overview', path: '/admin', heading: 'overview.title' },
    { name: 'events', path: '/admin/events', heading: 'events.title' },
    { name: 'event', path: `/admin/events/${s.eventId}`, heading: 'event.title', params: { id: s.eventId } },
    { name: 'payments', path: '/admin/payments', heading: 'payments.title' },
    { name: 'payment', path: `/admin/payments/${s.paymentId}`, heading: 'paymentPage.title', params: { id: s.paymentId } },
    { name: 'payment-links', path: '/admin/payment-links', heading: 'paymentLinks.title' },
    { name: 'accounts', path: '/admin/accounts', heading: 'accounts.title' },
    { name: 'audit', path: '/admin/audit', heading: 'audit.title' },
    // the login page's heading is the brand: its form's label is what is translated
    { name: 'login', path: '/admin/login', heading: 'login.token' },
  ];
}

/** The text a page's heading shows in `language` (the catalog's, with its values filled in). */
export function expectedHeading(p: ShowcasePage, language: Language): string {
  const text = (MESSAGES[language] as Record<string, string | undefined>)[p.heading];
  if (text === undefined) throw new Error(`the catalog has no text ${p.heading}: update showcasePages() in test/helpers/dashboard-showcase.ts`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(p.params?.[name] ?? whole));
}

/** Where a page's heading is: its h1, or the login form's label. */
export function headingSelector(p: ShowcasePage): string {
  return p.name === 'login' ? '#login-form .field span' : 'main h1';
}

/** What a page looks like once loaded: its language, heading, and whether it is wider than the window. */
export async function inspectPage(page: Page, p: ShowcasePage): Promise<{ lang: string; heading: string; scrollWidth: number; innerWidth: number }> {
  return await page.evaluate(`(() => {
    const heading = document.querySelector(${JSON.stringify(headingSelector(p))});
    return {
      lang: document.documentElement.lang,
      heading: heading ? heading.textContent.replace(/\\s+/g, ' ').trim() : '',
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    };
  })()`) as { lang: string; heading: string; scrollWidth: number; innerWidth: number };
}

/** Opens a page and waits until it has settled (the overview's charts drawn). */
export async function openShowcasePage(page: Page, base: string, p: ShowcasePage): Promise<void> {
  await page.goto(`${base}${p.path}`);
  if (p.name === 'overview') await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 10_000 }).catch(() => undefined);
}
