import request from 'supertest';
import { createOperatorFixture, csrfOf, OperatorFixture, signIn } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 10, 30, 15, 0, 20);

/**
 * The Accounts, Audit and sign-in pages in Spanish and Portuguese: chosen by Accept-Language or the switch's cookie
 * over UI_LANGUAGE (English in this fixture), with their texts, flash messages and dates in the reader's language.
 */
describe('Accounts, Audit and sign-in pages in Spanish and Portuguese', () => {
  let f: OperatorFixture;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: NOW });
    admin = await signIn(f.app);
    await f.t.db.createAccount({ slug: 'tienda-sur', name: 'Tienda Sur', ghlLocationId: 'loc-1' }, NOW - 86_400_000);
  });

  afterAll(async () => {
    await f?.t.destroy();
  });

  it('the accounts list and one account in Portuguese (Accept-Language), dates written the Brazilian way', async () => {
    const list = await admin.agent.get('/admin/accounts').set('Accept-Language', 'pt-BR,pt;q=0.9,en;q=0.8');
    expect(list.text).toContain('<html lang="pt-BR">');
    expect(list.text).toContain('<h1>Contas</h1>');
    expect(list.text).toContain('Adicionar uma conta');
    expect(list.text).toContain('<th>URL do webhook</th>');
    expect(list.text).toContain('data-enabled="true">ativa</span>');
    expect(list.text).not.toContain('Add an account');
    const one = await admin.agent.get('/admin/accounts/tienda-sur').set('Accept-Language', 'pt-BR');
    expect(one.text).toContain('<title>Conta tienda-sur · ghl-payments</title>');
    expect(one.text).toContain('Acesso de consulta');
    expect(one.text).toContain('Nenhum token de consulta.');
    // 29 November 2026 (a day before NOW), day first
    expect(one.text).toMatch(/<dt>Adicionada<\/dt><dd><time datetime="2026-11-29T15:00:20.000Z"[^>]*>29\/11\/2026/);
  });

  it('a flash message after a redirect and a refused form in Spanish (the switch\'s cookie)', async () => {
    await admin.agent.get('/admin/language/es');
    const page = await admin.agent.get('/admin/accounts/tienda-sur');
    const saved = await admin.agent.post('/admin/accounts/tienda-sur').type('form').send({ _csrf: csrfOf(page.text), name: 'Tienda del Sur', ghlLocationId: 'loc-1' });
    expect(saved.status).toBe(303);
    const after = await admin.agent.get(saved.headers.location);
    expect(after.text).toContain('<html lang="es">');
    expect(after.text).toContain('Cambios guardados.');
    const taken = await admin.agent.post('/admin/accounts').type('form').send({ _csrf: csrfOf(page.text), slug: 'tienda-sur', name: 'Otra' });
    expect(taken.status).toBe(409);
    expect(taken.text).toContain('identificador inválido: ya existe una cuenta llamada tienda-sur');
    expect(taken.text).toContain('Las claves no se vuelven a mostrar: ingresalas otra vez.');
    const missing = await admin.agent.get('/admin/accounts/no-existe');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('No existe esa cuenta');
  });

  it('the audit log in Spanish: plain words for the actions, the stored value kept, Spanish dates', async () => {
    await admin.agent.get('/admin/language/es');
    const page = await admin.agent.get('/admin/audit');
    expect(page.text).toContain('<h1>Registro de auditoría</h1>');
    expect(page.text).toContain('<th>Cuándo</th>');
    expect(page.text).toMatch(/<span class="badge badge-audit" data-action="sign-in" title="sign-in">ingresó<\/span>/);
    expect(page.text).toContain('<option value="account-change">cuenta modificada</option>');
    expect(page.text).toContain('placeholder="7d o 2026-12-01"');
    expect(page.text).toContain('>30/11/2026');
    const bad = await admin.agent.post('/admin/audit/forget').type('form').send({ _csrf: admin.csrf, email: 'no es un email' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Ingresá una sola dirección de email, por ejemplo ana@example.com.');
  });

  it('a buyer\'s erasure reported in Portuguese (chosen on the switch, which outranks Accept-Language)', async () => {
    await admin.agent.get('/admin/language/pt-BR');
    const done = await admin.agent.post('/admin/audit/forget').set('Accept-Language', 'es').type('form').send({ _csrf: admin.csrf, email: 'bea@example.com' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('id="erasure-result"');
    expect(done.text).toContain('<strong>Dados apagados.</strong> pagamentos 0 · assinaturas 0');
    expect(done.text).not.toContain('bea@example.com');
  });

  it('the sign-in page and its refusals in Spanish and Portuguese', async () => {
    const login = await request(f.app).get('/admin/login').set('Accept-Language', 'es-AR,es;q=0.9');
    expect(login.text).toContain('<html lang="es">');
    expect(login.text).toContain('<span>Token de administración o de consulta</span>');
    expect(login.text).toContain('<code>npx ghl-payments sign-in-link</code> en el servidor');
    expect(login.text).toContain('id="language-switch"');
    const wrong = await request(f.app).post('/admin/login').set('Accept-Language', 'pt-BR').type('form').send({ token: 'not-the-token-not-the-token', next: '/admin' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Esse token não é o de administração nem o token de consulta de uma conta ativa.');
    const used = await request(f.app).post('/admin/login/code').set('Cookie', 'ghlp_lang=es').type('form').send({ code: 'x'.repeat(32) });
    expect(used.status).toBe(401);
    expect(used.text).toContain('Este link de ingreso ya se usó o venció');
    const landing = await request(f.app).get(`/admin/login?code=${'A'.repeat(32)}`).set('Accept-Language', 'pt-BR');
    expect(landing.text).toContain('Entrando com um link de uso único…');
    expect(landing.text).toContain('Abrir o painel');
  });
});
