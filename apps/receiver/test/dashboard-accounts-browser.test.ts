import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { buildOperatorRouters, createApp } from '../src';
import { GOOD, TEST_SECRETS_KEY } from './helpers/fake-upstreams';
import { ADMIN_TOKEN } from './helpers/operator-fixture';

const CHROMIUM = '/usr/bin/chromium';

describe('the Accounts page in headless Chromium', () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: t.url, ADMIN_TOKEN, SECRETS_KEY: TEST_SECRETS_KEY });
    const logger = createSilentLogger();
    const app = createApp({ store: t.db, config, logger, routers: buildOperatorRouters({ store: t.db, config, logger, adminToken: ADMIN_TOKEN }) });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.destroy();
  });

  it('adds an account through the form and lists it, its secrets shown only by their last four characters', async () => {
    await page.goto(`${base}/admin/accounts`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('#token', ADMIN_TOKEN);
    await Promise.all([page.waitForURL(`${base}/admin/accounts`), page.click('button[type=submit]')]);
    expect(await page.textContent('.mainnav a.active')).toBe('Accounts');

    await page.fill('#account-slug', 'acme');
    await page.fill('#account-name', 'Acme Studio');
    await page.fill('#account-mpAccessToken', GOOD.mpAccessToken);
    await page.fill('#account-mpWebhookSecrets', GOOD.mpWebhookSecrets.join(','));
    await page.fill('#account-ghlToken', GOOD.ghlToken);
    await page.fill('#account-ghlLocationId', GOOD.ghlLocationId);
    await page.fill('#account-rules', 'rules:\n  - name: aprobado\n    when: { status: approved }\n    actions:\n      - addTags: [cliente]\n');
    expect(await page.isChecked('#account-enabled')).toBe(true);
    await Promise.all([page.waitForURL(/\/admin\/accounts\?done=created&slug=acme$/), page.click('#account-submit')]);

    expect(await page.textContent('.notice-ok')).toContain('acme: Account added.');
    const row = page.locator('#accounts-table tr[data-account="acme"]');
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Acme Studio');
    expect(text).toContain('enabled');
    expect(text).toContain('loc-acme-1');
    expect(text).toContain('…9QkZ');
    expect(text).toContain('…5M8w');
    expect(text).toContain(`${base}/webhooks/mp/acme`);
    const html = await page.content();
    for (const secret of [GOOD.mpAccessToken, GOOD.ghlToken, ...GOOD.mpWebhookSecrets]) expect(html).not.toContain(secret);
    expect(await t.db.getAccount('acme')).toMatchObject({ name: 'Acme Studio', enabled: true, rules: expect.stringContaining('addTags: [cliente]') });

    // the account filter appears on the events page once there is an account
    await page.goto(`${base}/admin/events`);
    await page.selectOption('#filter-account', 'acme');
    await Promise.all([page.waitForURL(/account=acme/), page.click('#apply-filters')]);
    expect(await page.inputValue('#filter-account')).toBe('acme');
    expect(problems).toEqual([]);
  });
});
