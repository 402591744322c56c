import request from 'supertest';
import { seedPayment } from '@ghl-payments/test-support';
import { createViewerToken } from '../src/auth/viewer-token';
import { createOperatorFixture, OperatorFixture, signIn } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 11, 1, 15, 0, 0); // 12:00:00 in Buenos Aires
const XSS = '<script>alert("x")</script>';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** The rows of the payments table: [payment id, account] in order. */
const rows = (text: string) => [...text.matchAll(/<tr data-payment-id="(\d+)" data-account="([^"]+)"/g)].map((m) => [Number(m[1]), m[2]]);

describe('/admin/payments for the shop owner, in Spanish, Portuguese and English', () => {
  let f: OperatorFixture;
  let admin: Agent;
  const ids: Record<string, number> = {};
  const viewer = createViewerToken();

  beforeAll(async () => {
    f = await createOperatorFixture({ GHL_LOCATION_ID: 'loc-main', TZ: 'America/Argentina/Buenos_Aires' }, { now: NOW });
    await f.t.db.createAccount({ slug: 'acme', name: 'ACME', enabled: true, ghlLocationId: 'loc-acme', viewerTokenHash: viewer.hash }, NOW);
    await f.t.db.createAccount({ slug: 'globex', name: 'Globex', enabled: true }, NOW);
    ids.ana = await seedPayment(f.t.db, {
      mpPaymentId: '6101', payerName: 'Ana Pérez', payerEmail: 'ana@example.com', amount: 1500.5, currency: 'ARS', ghlContactId: 'ct-ana',
      externalReference: 'order-ana-1', dateCreated: '2026-12-01T11:59:00.000-03:00', dateApproved: '2026-12-01T12:00:00.000-03:00',
    }, NOW);
    ids.bia = await seedPayment(f.t.db, {
      mpPaymentId: '6102', status: 'in_process', payerName: 'Bia Souza', payerEmail: null, amount: 250, currency: 'BRL', ghlContactId: 'ct-bia', account: 'acme',
    }, NOW);
    ids.globex = await seedPayment(f.t.db, { mpPaymentId: '6103', payerName: XSS, payerEmail: 'x@globex.test', ghlContactId: 'ct-globex', account: 'globex' }, NOW);
    ids.expected = (await f.t.db.registerExpectedPayment({ externalReference: 'order-exp-1', ghlContactId: 'ct-exp', amount: 99.9, currency: 'ARS' }, NOW)).id;
    const apply = async (status: string, round: number, actionIndex: number, kind: string, detail: unknown, at: number) => {
      const key = { subject: 'payment:6101', status, round, rule: `status-tags:${status}`, actionIndex };
      await f.t.db.reserveAction({ ...key, kind, contactId: 'ct-ana', eventId: 1, leaseMs: 1000, now: at });
      await f.t.db.markActionApplied({ ...key, detail: JSON.stringify(detail) }, at + 1);
    };
    await apply('pending', 1, 0, 'addTags', { tags: ['pago-pendiente'] }, NOW - 5000);
    await apply('approved', 1, 0, 'addTags', { tags: ['pago-aprobado'] }, NOW - 3000);
    await apply('approved', 1, 1, 'removeTags', { tags: ['pago-pendiente'] }, NOW - 2000);
    await apply('approved', 1, 2, 'addNote', { noteId: 'n-1' }, NOW - 1000);
    await f.t.db.reserveAction({ subject: 'payment:6101', status: 'approved', round: 1, rule: 'wf', actionIndex: 3, kind: 'addToWorkflow', contactId: 'ct-ana', eventId: 1, leaseMs: 1000, now: NOW });
    admin = (await signIn(f.app)).agent;
  });
  afterAll(async () => { await f.t.destroy(); });

  it('shows the buyer, the amount in its currency, the status in plain words, what was done and a link to the contact (English)', async () => {
    const res = await admin.get('/admin/payments');
    expect(res.status).toBe(200);
    expect(rows(res.text)).toEqual([[ids.expected, 'default'], [ids.globex, 'globex'], [ids.bia, 'acme'], [ids.ana, 'default']]);
    expect(res.text).toContain('<th>Buyer</th>');
    expect(res.text).toContain('<strong>Ana Pérez</strong>');
    expect(res.text).toContain('ana@example.com');
    expect(res.text).toMatch(/ARS\s1,500\.50/);
    expect(res.text).toMatch(/R\$250\.00|BRL\s250\.00/);
    expect(res.text).toContain('data-status="in_process" title="in_process">in review</span>');
    // the latest status's actions: tags added and removed, the note, the workflow still in flight
    expect(res.text).toMatch(/<span>\+pago-aprobado<\/span> <span>−pago-pendiente<\/span> <span>note<\/span> <span class="muted" data-state="applying">workflow \(in progress\)<\/span>/);
    expect(res.text).not.toContain('+pago-pendiente');
    // contacts open in GoHighLevel's app, in the account's location, in a new tab that cannot reach this page
    expect(res.text).toContain('<a class="contact-link" href="https://app.gohighlevel.com/v2/location/loc-main/contacts/detail/ct-ana" target="_blank" rel="noopener noreferrer" data-contact-id="ct-ana"');
    expect(res.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-acme/contacts/detail/ct-bia" target="_blank" rel="noopener noreferrer"');
    expect(res.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-main/contacts/detail/ct-exp"');
    // an account without a location: the bare id, and how to get the link
    expect(res.text).not.toContain('contacts/detail/ct-globex');
    expect(res.text).toMatch(/<span class="mono muted" title="Contact ct-globex: set the GoHighLevel location[^"]*">ct-globex<\/span>/);
    // times in the configured time zone, no rewrite in the browser
    expect(res.text).toContain('<time datetime="2026-12-01T15:00:00.000Z">12/01/2026, 12:00:00 GMT-3</time>');
    // technical ids stay, secondary
    expect(res.text).toContain(`<a href="/admin/payments/${ids.ana}" title="Internal id">#${ids.ana}</a>`);
    expect(res.text).toContain('<span class="mono" title="MercadoPago payment id">6101</span>');
    expect(res.text).toContain('<span class="mono" title="MercadoPago payment id">registered in advance</span>');
    expect(res.text).toContain('order-ana-1');
    expect(res.text).not.toContain(XSS);
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('filters status with a select of plain words, "any status" first, and no value that looks filled in', async () => {
    const res = await admin.get('/admin/payments');
    expect(res.text).not.toContain('placeholder="approved"');
    const select = /<select name="status" id="filter-status">([\s\S]*?)<\/select>/.exec(res.text)?.[1] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((m) => [m[1], m[3], Boolean(m[2])]);
    expect(options[0]).toEqual(['', 'Any status', true]);
    expect(options.map((o) => o[0])).toEqual(['', 'approved', 'pending', 'authorized', 'in_process', 'in_mediation', 'rejected', 'cancelled', 'refunded', 'charged_back']);
    expect(options).toContainEqual(['charged_back', 'charged back', false]);
    const approved = await admin.get('/admin/payments?status=approved');
    expect(approved.text).toContain('<option value="approved" selected>approved</option>');
    expect(rows(approved.text)).toEqual([[ids.globex, 'globex'], [ids.ana, 'default']]);
  });

  it('searches by buyer name, email, MercadoPago id or external reference from one box, with the other filters', async () => {
    const search = async (q: string, more = '') => rows((await admin.get(`/admin/payments?q=${encodeURIComponent(q)}${more}`)).text).map((r) => r[0]);
    expect(await search('PÉREZ')).toEqual([ids.ana]);
    expect(await search('souza')).toEqual([ids.bia]);
    expect(await search('@globex')).toEqual([ids.globex]);
    expect(await search('6102')).toEqual([ids.bia]);
    expect(await search('610')).toEqual([]);
    expect(await search('order-')).toEqual([ids.expected, ids.ana]);
    expect(await search('order-', '&account=default&status=approved')).toEqual([ids.ana]);
    const res = await admin.get('/admin/payments?q=%25');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<input type="search" name="q" id="filter-q" value="%"');
    expect(res.text).toContain('No payments match this filter.');
    expect((await admin.get(`/admin/payments?q=${'x'.repeat(321)}`)).status).toBe(400);
  });

  it('speaks Spanish (Accept-Language) with Argentine amounts and dates', async () => {
    const res = await admin.get('/admin/payments').set('Accept-Language', 'es-AR,es;q=0.9');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="es">');
    for (const text of ['<h1>Pagos</h1>', '<th>Comprador</th>', '<th>Hecho en el contacto</th>', '>Cualquier estado</option>', '<option value="in_process">en revisión</option>',
      '>Buscar</span>', 'Abrir en GoHighLevel ↗', '<span>nota</span>', 'workflow (en curso)', 'title="Id interno"', 'registrado de antemano']) {
      expect(res.text).toContain(text);
    }
    expect(res.text).toMatch(/\$\s1\.500,50/);
    expect(res.text).toContain('>01/12/2026, 12:00:00 ART</time>');
    expect(res.text).not.toMatch(/>(Buyer|Any status|Open in GoHighLevel|Payments)</);
  });

  it('speaks Portuguese once chosen on the switch (cookie ghlp_lang), with Brazilian amounts', async () => {
    const { agent } = await signIn(f.app);
    const switched = await agent.get('/admin/language/pt-BR');
    expect(String(switched.headers['set-cookie'])).toContain('ghlp_lang=pt-BR');
    const res = await agent.get('/admin/payments').set('Accept-Language', 'en');
    expect(res.text).toContain('<html lang="pt-BR">');
    for (const text of ['<h1>Pagamentos</h1>', '<th>Comprador</th>', '<th>Feito no contato</th>', '>Qualquer status</option>', '<option value="in_process">em análise</option>',
      'Abrir no GoHighLevel ↗', 'title="Contato ct-ana no GoHighLevel (abre em uma nova aba)"', 'data-status="in_process" title="in_process">em análise</span>']) {
      expect(res.text).toContain(text);
    }
    expect(res.text).toMatch(/R\$\s250,00/);
    expect(res.text).toMatch(/ARS\s1\.500,50/);
    expect(res.text).toContain('>01/12/2026, 12:00:00');
  });

  it('shows one payment with its buyer, contact link, MercadoPago dates in the time zone and the rule actions in words', async () => {
    const en = await admin.get(`/admin/payments/${ids.ana}`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('<h1>Payment #');
    expect(en.text).toContain('Ana Pérez');
    expect(en.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-main/contacts/detail/ct-ana" target="_blank" rel="noopener noreferrer"');
    // MercadoPago's own date text in the tooltip, shown like every other time
    expect(en.text).toContain('<span class="mp-date" title="2026-12-01T11:59:00.000-03:00"><time datetime="2026-12-01T14:59:00.000Z">12/01/2026, 11:59:00 GMT-3</time></span>');
    expect(en.text).toContain('status-tags:approved: add tags pago-aprobado');
    expect(en.text).toContain('status-tags:approved: remove tags pago-pendiente');
    expect(en.text).toContain('status-tags:approved: add note n-1');

    const es = await admin.get(`/admin/payments/${ids.ana}`).set('Accept-Language', 'es');
    for (const text of ['<h1>Pago #', 'Qué pasó', 'Creado en MercadoPago', 'status-tags:approved: agregar etiquetas pago-aprobado', 'status-tags:approved: quitar etiquetas pago-pendiente',
      'agregar nota n-1', '<td>hecho</td>', '<td>en curso</td>', 'Ids técnicos', 'El pago según MercadoPago (JSON)', '← Pagos']) {
      expect(es.text).toContain(text);
    }
    expect(es.text).toMatch(/\$\s1\.500,50/);
    expect(es.text).toContain('>01/12/2026, 11:59:00 ART</time>');

    const pt = await admin.get(`/admin/payments/${ids.bia}`).set('Accept-Language', 'pt-BR');
    expect(pt.text).toContain('<h1>Pagamento #');
    expect(pt.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-acme/contacts/detail/ct-bia"');
    expect(pt.text).toContain('Ainda não há mudanças de status nem ações de regras.');
    const missing = await admin.get('/admin/payments/424242').set('Accept-Language', 'pt-BR');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Pagamento não encontrado');
    expect(missing.text).toContain('Não existe o pagamento #424242.');
  });

  it("a viewer sees only its account's payments, with its contact links, and another's payment does not exist", async () => {
    const agent = request.agent(f.app);
    expect((await agent.post('/admin/login').type('form').send({ token: viewer.token, next: '/admin/payments' })).status).toBe(303);
    const res = await agent.get('/admin/payments?q=a').set('Accept-Language', 'es');
    expect(res.status).toBe(200);
    expect(rows(res.text)).toEqual([[ids.bia, 'acme']]);
    expect(res.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-acme/contacts/detail/ct-bia"');
    expect(res.text).not.toContain('<select name="account"');
    const other = await agent.get(`/admin/payments/${ids.ana}`).set('Accept-Language', 'es');
    expect(other.status).toBe(404);
    expect(other.text).toContain('No existe ese pago');
  });
});

describe('/admin/payment-links in the owner\'s language', () => {
  let f: OperatorFixture;
  let admin: Agent;
  beforeAll(async () => {
    f = await createOperatorFixture({ GHL_LOCATION_ID: 'loc-main', TZ: 'America/Sao_Paulo' }, { now: NOW });
    const claim = await f.t.db.claimPaymentLink({
      account: 'default', contactId: 'c-ana', title: 'Curso', amount: 1500.5, currency: 'BRL', quantity: 2, source: 'api', expiresAt: NOW + 3_600_000,
      externalReference: 'ref-1', idempotencyKey: null,
    }, NOW - 1000, 120_000);
    if (claim.state !== 'claimed') throw new Error(`could not claim the payment link: ${claim.state}`);
    await f.t.db.completePaymentLink(claim.id, { preferenceId: 'pref-1', initPoint: 'https://mp.example/checkout?pref_id=pref-1' },
      { externalReference: 'ref-1', ghlContactId: 'c-ana', account: 'default' }, NOW - 1000);
    admin = (await signIn(f.app)).agent;
  });
  afterAll(async () => { await f.t.destroy(); });

  it.each([
    ['es', ['<h1>Links de pago</h1>', '>Cualquier estado</option>', '<option value="created">enviado</option>', '>Vence / pagado</th>', 'Abrir en GoHighLevel ↗'], /BRL\s3\.001,00/],
    ['pt-BR', ['<h1>Links de pagamento</h1>', '>Qualquer status</option>', '<option value="created">enviado</option>', '>Expira / pago</th>', 'Abrir no GoHighLevel ↗'], /R\$\s3\.001,00/],
    ['en', ['<h1>Payment links</h1>', '>Any state</option>', '<option value="created">sent</option>', '>Expires / paid</th>', 'Open in GoHighLevel ↗'], /R\$3,001\.00/],
  ])('in %s', async (language, texts, amount) => {
    const res = await admin.get('/admin/payment-links').set('Accept-Language', language as string);
    expect(res.status).toBe(200);
    for (const text of texts as string[]) expect(res.text).toContain(text);
    expect(res.text).toMatch(amount as RegExp);
    expect(res.text).toContain('href="https://app.gohighlevel.com/v2/location/loc-main/contacts/detail/c-ana" target="_blank" rel="noopener noreferrer"');
    expect(res.text).toContain('<time datetime="2026-12-01T14:59:59.000Z">');
  });
});
