import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, SeedEvent, seedEvents, seedPayment, TestDatabase } from '@ghl-payments/test-support';
import { buildOperatorRouters, createApp } from '../src';
import { ADMIN_TOKEN } from './helpers/operator-fixture';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.join(os.tmpdir(), 'ghlp-dashboard-browser.png');
const NOW = Date.UTC(2026, 10, 30, 15, 0, 20);
const MIN = 60_000;

/**
 * An hour of traffic with a fixed shape, so the charts (and the screenshot) come out the same every run: steady
 * processing, a GoHighLevel outage from 14:40 to 14:50 that builds a backlog, a few permanent failures.
 */
async function seedAnHour(t: TestDatabase): Promise<void> {
  const payment = await seedPayment(t.db, { mpPaymentId: '1319865453', externalReference: 'curso-42', payerEmail: 'ana@example.com' });
  const outageEnd = NOW - 10 * MIN;
  const seeds: SeedEvent[] = [];
  for (let m = 59; m >= 1; m -= 1) {
    const at = NOW - m * MIN;
    const received = 2 + ((m * 7) % 4) + (m < 25 ? 2 : 0);
    const inOutage = m >= 11 && m <= 20;
    for (let i = 0; i < received; i += 1) {
      const receivedAt = at + i * 7000;
      const failed = !inOutage && (m + i) % 13 === 0;
      const retried = inOutage || (m + i) % 6 === 0;
      const finishedAt = inOutage ? outageEnd + (20 - m) * 9000 + i * 2000 : receivedAt + (retried ? 65_000 : 2000);
      seeds.push({
        status: failed ? 'failed' : 'success', topic: i % 4 === 3 ? 'merchant_order' : 'payment', receivedAt,
        paymentId: m === 30 && i === 0 ? payment : null, processedAt: finishedAt,
        lastError: failed ? 'MercadoPago answered 404: payment not found' : null,
        history: [
          ...(retried ? [{ outcome: 'retry' as const, startedAt: receivedAt + 300, durationMs: 180, error: 'GoHighLevel answered 503' }] : []),
          { outcome: failed ? 'failed' as const : 'success' as const, startedAt: finishedAt - 250, durationMs: 240, error: failed ? 'MercadoPago answered 404: payment not found' : null },
        ],
      });
    }
  }
  for (let h = 2; h < 24; h += 1) {
    for (let i = 0; i < 1 + (h % 3); i += 1) seeds.push({ status: 'success', receivedAt: NOW - h * 3600_000 + i * MIN, processedAt: NOW - h * 3600_000 + i * MIN + 2000 });
  }
  for (let i = 0; i < 6; i += 1) seeds.push({ status: 'pending', receivedAt: NOW - (6 - i) * 20_000, nextRetryAt: NOW + i * MIN });
  seeds.push({ status: 'processing', receivedAt: NOW - 5000 });
  await seedEvents(t.db, seeds);
}

describe('dashboard in headless Chromium', () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedAnHour(t);
    const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN });
    const logger = createSilentLogger();
    const now = () => NOW;
    const app = createApp({ store: t.db, config, logger, now, routers: buildOperatorRouters({ store: t.db, config, logger, adminToken: ADMIN_TOKEN, now }) });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1, timezoneId: 'UTC', locale: 'en-US' });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.destroy();
  });

  it('signs in with the admin token and renders the overview charts', async () => {
    await page.goto(`${base}/admin/events?status=failed`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('button[type=submit]');
    await page.waitForSelector('.notice-error');
    await page.fill('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${base}/admin/events?status=failed`), page.click('button[type=submit]')]);
    problems.length = 0; // the refused login's 401 was expected

    await page.goto(`${base}/admin`);
    await page.waitForSelector('body[data-charts-ready="true"]');
    // Run in the page (a string: this project compiles without DOM types).
    const charts = await page.evaluate(`['chart-per-minute', 'chart-status', 'chart-backlog'].map((id) => {
      const canvas = document.getElementById(id);
      const chart = window.Chart.getChart(id);
      const total = chart ? chart.data.datasets.reduce((sum, d) => sum + d.data.reduce((a, b) => a + (Number(b) || 0), 0), 0) : 0;
      return { id, width: canvas.width, height: canvas.height, labels: chart ? chart.data.labels.length : 0, total };
    })`) as Array<{ id: string; width: number; height: number; labels: number; total: number }>;
    expect(charts[0]).toMatchObject({ id: 'chart-per-minute', labels: 60 });
    expect(charts[1]).toMatchObject({ id: 'chart-status', labels: 5 });
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(200);
      expect(c.height).toBeGreaterThan(100);
      expect(c.total).toBeGreaterThan(0);
    }
    expect(await page.textContent('#card-failed')).toMatch(/^\d+$/);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });

  it('filters to failed, opens an event and retries it', async () => {
    await page.goto(`${base}/admin/events`);
    await page.selectOption('#filter-status', 'failed');
    await Promise.all([page.waitForURL(/status=failed/), page.click('#apply-filters')]);
    const badges = await page.$$eval('#events-table [data-status]', (els) => els.map((e) => e.getAttribute('data-status')));
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(['failed']));

    await Promise.all([page.waitForURL(/\/admin\/events\/\d+$/), page.click('#events-table tbody tr:first-child td:first-child a')]);
    expect(await page.textContent('#event-status')).toBe('needs attention');
    expect(await page.isVisible('#timeline')).toBe(true);
    await Promise.all([page.waitForURL(/retried=1/), page.click('#retry-button')]);
    expect(await page.textContent('#event-status')).toBe('retrying');
    expect(await page.textContent('.notice-ok')).toContain('Queued again');
  });

  it('retries every failed event matching the filter after showing the count', async () => {
    await page.goto(`${base}/admin/events?status=failed`);
    const remaining = await page.$$eval('#events-table tbody tr', (rows) => rows.length);
    await Promise.all([page.waitForURL(/\/admin\/events\/retry/), page.click('#bulk-retry')]);
    expect(await page.textContent('#retry-count strong')).toBe(String(remaining));
    await Promise.all([page.waitForURL(/retried=/), page.click('#confirm-retry')]);
    expect(await page.textContent('.notice-ok')).toContain(`${remaining} ${remaining === 1 ? 'event' : 'events'} queued again.`);
    expect(await page.isVisible('#events-table')).toBe(false);
    expect(problems).toEqual([]);
  });
});
