import request from 'supertest';
import type { NewPaymentLink } from '@ghl-payments/store';
import { createViewerToken } from '../src/auth/viewer-token';
import { createOperatorFixture, OperatorFixture, signIn } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;
const XSS = '<script>alert("x")</script>';

type Agent = ReturnType<typeof request.agent>;

describe('/admin/payment-links', () => {
  let f: OperatorFixture;
  let admin: Agent;
  const ids: Record<string, number> = {};

  /** A link as the pipeline stores it: claimed, then completed with its preference. */
  const createLink = async (o: Partial<NewPaymentLink> & { externalReference: string }, createdAt = NOW - HOUR) => {
    const claim = await f.t.db.claimPaymentLink({
      account: 'default', contactId: 'c-ana', title: 'Curso', amount: 1500.5, currency: 'ARS', quantity: 1, source: 'api', expiresAt: null,
      idempotencyKey: null, ...o,
    }, createdAt, 120_000);
    if (claim.state !== 'claimed') throw new Error(claim.state);
    const link = await f.t.db.completePaymentLink(claim.id, { preferenceId: `pref-${claim.id}`, initPoint: `https://mp.example/checkout/v1/redirect?pref_id=pref-${claim.id}` },
      { externalReference: o.externalReference, ghlContactId: o.contactId ?? 'c-ana', account: o.account ?? 'default' }, createdAt);
    return link.id;
  };
  const rows = (text: string) => [...text.matchAll(/data-link-id="(\d+)" data-account="([\w-]+)" data-state="(\w+)"/g)].map((m) => [Number(m[1]), m[2], m[3]]);

  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: NOW });
    ids.paid = await createLink({ externalReference: 'ref-paid', contactId: 'c-ana', title: 'Curso de cocina', amount: 15000, quantity: 2 });
    await f.t.db.markPaymentLinkPaid({ account: 'default', externalReference: 'ref-paid', mpPaymentId: '1320000001', now: NOW - HOUR / 2 });
    ids.expired = await createLink({ externalReference: 'ref-expired', contactId: 'c-bia', title: XSS, expiresAt: NOW - 60_000 });
    ids.open = await createLink({ externalReference: 'ref-open', contactId: 'c-carla', amount: 990, currency: 'CLP', expiresAt: NOW + 72 * HOUR });
    admin = (await signIn(f.app)).agent;
  });
  afterAll(async () => { await f.t.destroy(); });

  it('lists the links with state, contact, title, amount, reference and times; no account column without accounts', async () => {
    const res = await admin.get('/admin/payment-links');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/admin/payment-links" class="active" aria-current="page">Payment links</a>');
    expect(rows(res.text)).toEqual([[ids.open, 'default', 'created'], [ids.expired, 'default', 'expired'], [ids.paid, 'default', 'paid']]);
    expect(res.text).toMatch(/ARS\s30,000\.00/);
    expect(res.text).toMatch(/CLP\s990</);
    expect(res.text).toContain('Curso de cocina <span class="muted">× 2</span>');
    expect(res.text).toContain('ref-expired');
    expect(res.text).toContain('c-carla');
    expect(res.text).toContain('12/03/2026, 12:00:00 UTC');
    expect(res.text).toContain('paid <time datetime="2026-11-30T11:30:00.000Z" data-local>11/30/2026, 11:30:00 UTC</time>');
    expect(res.text).not.toContain('<th>Account</th>');
    expect(res.text).not.toContain('<select name="account"');
    // escaped like every page
    expect(res.text).not.toContain(XSS);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('filters by state and contact, and refuses a bad filter with 400', async () => {
    expect(rows((await admin.get('/admin/payment-links?state=paid')).text)).toEqual([[ids.paid, 'default', 'paid']]);
    expect(rows((await admin.get('/admin/payment-links?state=expired')).text)).toEqual([[ids.expired, 'default', 'expired']]);
    const created = await admin.get('/admin/payment-links?state=created');
    expect(rows(created.text)).toEqual([[ids.open, 'default', 'created']]);
    expect(created.text).toContain('<option value="created" selected>');
    expect(rows((await admin.get('/admin/payment-links?contact=c-bia')).text)).toEqual([[ids.expired, 'default', 'expired']]);
    const bad = await admin.get('/admin/payment-links?state=opened');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('must be one of created, paid, expired');
    expect((await admin.get('/admin/payment-links?account=Bad!')).status).toBe(400);
  });

  describe('with accounts', () => {
    let viewerToken: string;
    beforeAll(async () => {
      const viewer = createViewerToken();
      viewerToken = viewer.token;
      for (const [slug, hash] of [['acme', viewer.hash], ['globex', null]] as const) {
        await f.t.db.createAccount({
          slug, name: slug.toUpperCase(), enabled: true, viewerTokenHash: hash,
        }, NOW);
      }
      ids.acme = await createLink({ account: 'acme', externalReference: 'ref-acme', contactId: 'c-acme' });
      ids.globex = await createLink({ account: 'globex', externalReference: 'ref-globex', contactId: 'c-globex' });
    });

    it('shows the account column and filters by account', async () => {
      const all = await admin.get('/admin/payment-links');
      expect(all.text).toContain('<th>Account</th>');
      expect(all.text).toContain('<option value="globex">globex · GLOBEX</option>');
      expect(rows(all.text).map(([id]) => id)).toEqual([ids.globex, ids.acme, ids.open, ids.expired, ids.paid]);
      const acme = await admin.get('/admin/payment-links?account=acme');
      expect(acme.text).toContain('<option value="acme" selected>');
      expect(rows(acme.text)).toEqual([[ids.acme, 'acme', 'created']]);
      expect(rows((await admin.get('/admin/payment-links?account=default&state=paid')).text)).toEqual([[ids.paid, 'default', 'paid']]);
    });

    it('shows a viewer only its account\'s links, and refuses it another account', async () => {
      const agent = request.agent(f.app);
      const login = await agent.post('/admin/login').type('form').send({ token: viewerToken, next: '/admin/payment-links' });
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('/admin/payment-links');
      const page = await agent.get('/admin/payment-links');
      expect(page.status).toBe(200);
      expect(rows(page.text)).toEqual([[ids.acme, 'acme', 'created']]);
      expect(page.text).not.toContain('c-globex');
      expect(page.text).not.toContain('<select name="account"');
      expect(page.text).toContain('href="/admin/payment-links"');
      expect(rows((await agent.get('/admin/payment-links?account=acme')).text)).toEqual([[ids.acme, 'acme', 'created']]);
      expect((await agent.get('/admin/payment-links?account=globex')).status).toBe(403);
      expect((await agent.get('/admin/payment-links?account=default')).status).toBe(403);
    });
  });

  it('needs a session', async () => {
    const res = await request(f.app).get('/admin/payment-links');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/admin\/login/);
  });
});
