import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { seedEvent, seedEvents } from '@ghl-payments/test-support';
import { ADMIN_TOKEN, createOperatorFixture, csrfOf, OperatorFixture, signIn } from './helpers/operator-fixture';

const NOW = Date.UTC(2026, 11, 7, 15, 4, 5);
const MIN = 60_000;
const CHROMIUM = '/usr/bin/chromium';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** The JSON of a `<script type="application/json" id="…">` block of a page. */
function jsonBlock(page: string, id: string): Record<string, unknown> {
  const match = new RegExp(`<script type="application/json" id="${id}"[^>]*>([^<]*)</script>`).exec(page);
  if (!match) throw new Error(`no #${id} block on the page`);
  return JSON.parse(match[1]);
}

/** The page's main content (what is outside the top bar), and that content without its technical-details block. */
function mainOf(page: string): { main: string; plain: string } {
  const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
  return { main, plain: main.replace(/<details class="panel technical"[\s\S]*?<\/details>/, '') };
}

// The overview, the event list, one event and the bulk retry in Spanish, Portuguese and English: texts, plain words,
// numbers and times in the reader's locale, and the fixes of issue 21 (honest chart units, one-time flashes, tries).
describe('dashboard overview and events in three languages', () => {
  let f: OperatorFixture;
  let agent: Agent;
  let tried: number;
  let once: number;
  let waiting: number[];
  const get = (path: string, language: string) => agent.get(path).set('Accept-Language', language);

  beforeAll(async () => {
    f = await createOperatorFixture({}, { now: NOW });
    // 1,200 events of one type: the counts show the locale's thousands separator
    await seedEvents(f.t.db, Array.from({ length: 1200 }, (_, i) => ({ status: 'success' as const, topic: 'merchant_order', receivedAt: NOW - 2 * 86_400_000 - i })));
    tried = await seedEvent(f.t.db, {
      status: 'pending', receivedAt: NOW - 30 * MIN, nextRetryAt: NOW + 5 * MIN, attempts: 3, failures: 2, lastError: 'MercadoPago answered 500',
      history: [
        { outcome: 'retry', startedAt: NOW - 29 * MIN, error: 'MercadoPago answered 500' },
        { outcome: 'deferred', startedAt: NOW - 20 * MIN, error: 'rate limit' },
        { outcome: 'retry', startedAt: NOW - 10 * MIN, error: 'MercadoPago answered 500' },
      ],
    });
    once = await seedEvent(f.t.db, { status: 'failed', receivedAt: NOW - 40 * MIN, attempts: 1, failures: 1 });
    await f.t.db.knex('webhook_events').where({ id: once }).update({ duplicates: 2 });
    waiting = await seedEvents(f.t.db, Array.from({ length: 3 }, () => ({ status: 'pending' as const, receivedAt: NOW - 5 * MIN, nextRetryAt: NOW + MIN, attempts: 1 })));
    await f.t.db.knex('webhook_events').whereIn('id', waiting).update({ waiting_reason: 'credentials:mercadopago' });
    ({ agent } = await signIn(f.app));
  });
  afterAll(async () => { await f.t.destroy(); });

  describe('the overview', () => {
    it('speaks Spanish: lang, headings, cards, counts with dots and the credentials banner', async () => {
      const res = await get('/admin', 'es-AR,es;q=0.9');
      expect(res.status).toBe(200);
      expect(res.text).toContain('<html lang="es">');
      expect(res.text).toContain('data-locale="es-AR"');
      expect(res.text).toContain('<h1>Resumen</h1>');
      expect(res.text).toContain('<div class="card-label">En cola</div>');
      expect(res.text).toContain('<div class="card-label">Requieren atención</div>');
      expect(res.text).toContain('<h2>Notificaciones recibidas e intentos por minuto, última hora</h2>');
      expect(res.text).toContain('<h2>Conciliación con MercadoPago</h2>');
      expect(res.text).toMatch(/<a href="\/admin\/events\?type=merchant_order">merchant_order<\/a><\/td><td class="num">1\.200<\/td>/);
      expect(res.text).toContain('>Actualizado <span id="updated-at"><time datetime="2026-12-07T15:04:05.000Z" data-local>07/12/2026');
      expect(res.text).toMatch(/<strong>3 notificaciones están en espera: MercadoPago no acepta el access token \(falta o fue rechazado\)\. Revisá MP_ACCESS_TOKEN \(o el token de la cuenta\)\.<\/strong> Se van a procesar apenas funcione; no se pierde nada\./);
      expect(res.text).toContain('<a href="/admin/events?status=pending&amp;waiting=credentials%3Amercadopago">Ver las notificaciones en espera</a>');
      expect(res.text).not.toMatch(/>\s*(Backlog|Failed|Last hour|Events by status)\s*</);
    });

    it('speaks Portuguese, and gives the charts their texts in the page language', async () => {
      const res = await get('/admin', 'pt-BR');
      expect(res.text).toContain('<html lang="pt-BR">');
      expect(res.text).toContain('<h1>Resumo</h1>');
      expect(res.text).toContain('<div class="card-label">Na fila</div>');
      expect(res.text).toMatch(/merchant_order<\/a><\/td><td class="num">1\.200<\/td>/);
      expect(res.text).toContain('data-waiting-credentials="mercadopago" data-count="3"');
      expect(res.text).toContain('3 notificações estão aguardando: o MercadoPago não aceita o access token');
      expect(res.text).toContain('Elas serão processadas assim que funcionar; nada se perde.');
      const texts = jsonBlock(res.text, 'chart-texts');
      expect(texts).toMatchObject({
        locale: 'pt-BR', timeZone: null, received: 'notificações recebidas', perMinuteAxis: 'por minuto',
        statuses: { pending: 'aguardando', failed: 'requer atenção', success: 'concluído' },
        outcomes: { success: 'tentativas: concluído', deferred: 'tentativas: aguardou', retry: 'tentativas: será tentado de novo' },
      });
      expect(jsonBlock(res.text, 'stats-data')).toMatchObject({ waiting_for_credentials: { mercadopago: 3 } });
    });

    it('says in English which unit each number counts: events received, attempts by result', async () => {
      const res = await get('/admin', 'en');
      expect(res.text).toContain('<html lang="en">');
      expect(res.text).toMatch(/merchant_order<\/a><\/td><td class="num">1,200<\/td>/);
      expect(res.text).toContain('<h2>Events received and attempts per minute, last hour</h2>');
      expect(res.text).toContain('aria-label="Events received (line) and processing attempts by result (bars), per minute"');
      expect(res.text).toContain('<div class="card-sub">events received · done: 0 · need attention: 1</div>');
      expect(res.text).toContain('<strong>3 events are waiting: MercadoPago does not accept the access token (missing or refused) — check MP_ACCESS_TOKEN (or the account&#39;s token).</strong>');
      const texts = jsonBlock(res.text, 'chart-texts') as { received: string; outcomes: Record<string, string> };
      expect(texts.received).toBe('events received');
      expect(Object.values(texts.outcomes).every((label) => label.startsWith('attempts: '))).toBe(true);
      const stats = await agent.get('/admin/stats.json');
      expect(stats.body.waiting_for_credentials).toEqual({ mercadopago: 3 });
    });

    it('has no banner once nothing waits for credentials, and says "1 event is" for one', async () => {
      await f.t.db.knex('webhook_events').whereIn('id', waiting.slice(1)).update({ waiting_reason: null });
      try {
        const one = await get('/admin', 'en');
        expect(one.text).toContain('<strong>1 event is waiting: MercadoPago');
        expect(one.text).toContain('It will be processed as soon as it works; nothing is lost.');
        await f.t.db.knex('webhook_events').whereIn('id', waiting).update({ waiting_reason: null });
        const none = await get('/admin', 'es');
        expect(none.text).not.toContain('data-waiting-credentials');
        expect(none.text).not.toContain('en espera: MercadoPago');
      } finally {
        await f.t.db.knex('webhook_events').whereIn('id', waiting).update({ waiting_reason: 'credentials:mercadopago' });
      }
    });
  });

  describe('the event list', () => {
    it('speaks Spanish and Portuguese: headings, filters, plain status words, plurals', async () => {
      const es = await get('/admin/events?limit=25', 'es');
      expect(es.text).toContain('<html lang="es">');
      expect(es.text).toContain('<h1>Notificaciones</h1>');
      expect(es.text).toContain('<option value="failed">requiere atención</option>');
      expect(es.text).toContain('<option value="" selected>Cualquier estado</option>');
      expect(es.text).toContain('<option value="25" selected>25 por página</option>');
      expect(es.text).toContain('<th>Próximo intento</th>');
      expect(es.text).toContain('Mostrando 1–25 de 1.205');
      expect(es.text).toContain(`data-event-id="${tried}"`);
      expect(es.text).toContain('<span class="badge badge-status-retrying" data-status="pending" title="pending">reintentando</span>');
      expect(es.text).toContain('<span class="badge badge-status-failed" data-status="failed" title="failed">requiere atención</span>');
      expect(es.text).toContain('<div class="sub">llegó 2 veces más</div>');
      expect(es.text).toContain('>en 5 min 0 s<');
      // the type box is empty until typed in: its hint does not look like a value
      expect(es.text).toContain('name="type" id="filter-type" value="" placeholder="cualquier tipo"');
      const pt = await get('/admin/events?status=pending', 'pt-BR');
      expect(pt.text).toContain('<html lang="pt-BR">');
      expect(pt.text).toContain('<h1>Notificações</h1>');
      expect(pt.text).toContain('<option value="pending" selected>aguardando</option>');
      expect(pt.text).toContain('>tentando de novo</span>');
      expect(pt.text).toContain('Tentar de novo as que correspondem…');
    });

    it('says what is wrong with a filter in the reader\'s language', async () => {
      const res = await get('/admin/events?since=someday', 'es');
      expect(res.status).toBe(400);
      expect(res.text).toContain('No se puede usar este filtro: invalid since');
    });
  });

  describe('one event', () => {
    it('says how often it was tried in plain, pluralised words, and folds the engine details away', async () => {
      const es = await get(`/admin/events/${tried}`, 'es');
      expect(es.text).toContain('<html lang="es">');
      expect(es.text).toContain(`<h1>Notificación #${tried} <span id="event-status"><span class="badge badge-status-retrying"`);
      expect(es.text).toMatch(/<span id="event-tries" title="[^"]+">Se intentó 3 veces · 2 fallas<\/span>/);
      expect(es.text).toContain('<strong>Intento 2</strong>');
      expect(es.text).toContain('<h2>Contenido recibido</h2>');
      expect(es.text).toContain('Reintentar ahora');
      const { main, plain } = mainOf(es.text);
      expect(main).toContain('<summary>Detalles técnicos</summary>');
      expect(main).toContain('webhook:payment:');
      expect(main).toContain('host:1:abc'); // the worker, in the attempts' tooltips
      expect(plain).not.toMatch(/dedup|lease|fencing/i);
      expect(plain).not.toContain('webhook:payment:');
      expect(plain).not.toMatch(/>[^<]*host:1:abc/); // no worker id as visible text

      const en = await get(`/admin/events/${once}`, 'en');
      expect(en.text).toMatch(/>Tried once · 1 failure</);
      expect(en.text).not.toContain('counted as failures');
      expect(en.text).toContain('<dt>Received again</dt><dd>2 times</dd>');
      const pt = await get(`/admin/events/${once}`, 'pt-BR');
      expect(pt.text).toMatch(/>Tentada 1 vez · 1 falha</);
      expect(pt.text).toContain('<span class="badge badge-status-failed" data-status="failed" title="failed">requer atenção</span>');
      expect(pt.text).toContain(`<h1>Notificação #${once} `);
    });

    it('answers an unknown event in the reader\'s language', async () => {
      const res = await get('/admin/events/424242', 'pt-BR');
      expect(res.status).toBe(404);
      expect(res.text).toContain('Não existe a notificação #424242.');
    });
  });

  describe('flash messages are shown once, and only while still true', () => {
    it('shows "queued again" after the retry, not on reload, and not once the event has moved on', async () => {
      const id = await seedEvent(f.t.db, { status: 'failed' });
      const { agent: own, csrf } = await signIn(f.app);
      const retried = await own.post(`/admin/events/${id}/retry`).type('form').send({ _csrf: csrf });
      expect(retried.headers.location).toBe(`/admin/events/${id}?retried=1`);
      expect(String(retried.headers['set-cookie'])).toMatch(new RegExp(`ghlp_flash=event-${id}; Path=/admin/events; HttpOnly; SameSite=Strict; Max-Age=60`));
      const first = await own.get(retried.headers.location).set('Accept-Language', 'es');
      expect(first.text).toContain('Volvió a la cola: se va a procesar en un momento.');
      const reload = await own.get(retried.headers.location);
      expect(reload.text).not.toContain('notice-ok');
      const stranger = (await signIn(f.app)).agent; // the same link in another browser: no message either
      expect((await stranger.get(retried.headers.location)).text).not.toContain('notice-ok');

      // retried again, but the worker finished it before the page was shown: "queued again" would be stale
      await f.t.db.knex('webhook_events').where({ id }).update({ status: 'failed' });
      const again = await own.post(`/admin/events/${id}/retry`).type('form').send({ _csrf: csrf });
      await f.t.db.knex('webhook_events').where({ id }).update({ status: 'success', processed_at: NOW });
      expect((await own.get(again.headers.location)).text).not.toContain('notice-ok');
    });

    it('reports a refused retry while the event is still in that status only', async () => {
      const id = await seedEvent(f.t.db, { status: 'success' });
      const { agent: own, csrf } = await signIn(f.app);
      const refused = await own.post(`/admin/events/${id}/retry`).type('form').send({ _csrf: csrf });
      expect(refused.headers.location).toBe(`/admin/events/${id}?conflict=success`);
      const first = await own.get(refused.headers.location).set('Accept-Language', 'pt-BR');
      expect(first.text).toContain('Esta notificação agora aparece como «concluído»: só é possível tentar de novo');
      expect((await own.get(refused.headers.location)).text).not.toContain('notice-error');
    });

    it('shows the bulk retry count once, pluralised, in the reader\'s language', async () => {
      const ids = [await seedEvent(f.t.db, { status: 'failed', topic: 'flash' }), await seedEvent(f.t.db, { status: 'ignored', topic: 'flash' })];
      const { agent: own } = await signIn(f.app);
      const confirm = await own.get('/admin/events/retry?type=flash').set('Accept-Language', 'pt-BR');
      expect(confirm.text).toContain('<html lang="pt-BR">');
      expect(confirm.text).toContain('<h1>Tentar de novo as notificações</h1>');
      expect(confirm.text).toContain('<p class="big" id="retry-count"><strong>2</strong> notificações que requerem atenção ou não tinham nada a fazer voltarão para a fila');
      expect(confirm.text).toContain('<li data-filter="type"><span class="muted">Tipo</span> flash</li>');
      expect(confirm.text).toContain('>Tentar de novo 2 notificações</button>');
      const csrf = csrfOf(confirm.text.slice(confirm.text.indexOf('action="/admin/events/retry"')));
      const done = await own.post('/admin/events/retry').type('form').send({ _csrf: csrf, type: 'flash' });
      expect(done.headers.location).toBe('/admin/events?type=flash&retried=2');
      expect((await own.get(done.headers.location).set('Accept-Language', 'es')).text).toContain('2 notificaciones volvieron a la cola.');
      expect((await own.get(done.headers.location)).text).not.toContain('notice-ok');
      expect(await f.t.db.knex('webhook_events').whereIn('id', ids).pluck('status')).toEqual(['pending', 'pending']);

      const single = await seedEvent(f.t.db, { status: 'failed', topic: 'flash-one' });
      const one = await own.get('/admin/events/retry?type=flash-one&status=failed').set('Accept-Language', 'es');
      expect(one.text).toContain('<strong>1</strong> notificación que requiere atención');
      expect(one.text).toContain('<li data-filter="status"><span class="muted">Estado</span> requiere atención</li>');
      const oneCsrf = csrfOf(one.text.slice(one.text.indexOf('action="/admin/events/retry"')));
      const doneOne = await own.post('/admin/events/retry').type('form').send({ _csrf: oneCsrf, type: 'flash-one', status: 'failed' });
      expect((await own.get(doneOne.headers.location).set('Accept-Language', 'en')).text).toContain('1 event queued again.');
      expect((await f.t.db.knex('webhook_events').where({ id: single }).first()).status).toBe('pending');
    });
  });

  describe('overview.js in Chromium', () => {
    let server: http.Server;
    let browser: Browser;
    beforeAll(async () => {
      server = http.createServer(f.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    it('labels the charts and formats numbers and times in the page\'s language', async () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
      const problems: string[] = [];
      try {
        const page = await context.newPage();
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${base}/admin/login`);
        await page.fill('#token', ADMIN_TOKEN);
        await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
        await page.waitForSelector('body[data-charts-ready="true"]');
        const charts = await page.evaluate(`(() => {
          const perMinute = window.Chart.getChart('chart-per-minute');
          const status = window.Chart.getChart('chart-status');
          const backlog = window.Chart.getChart('chart-backlog');
          return {
            perMinute: perMinute.data.datasets.map((d) => d.label), axis: perMinute.options.scales.y.title.text,
            firstMinute: perMinute.data.labels[59],
            status: status.data.labels, backlog: backlog.data.datasets.map((d) => d.label),
            updated: document.getElementById('updated-at').textContent,
          };
        })()`) as { perMinute: string[]; axis: string; firstMinute: string; status: string[]; backlog: string[]; updated: string };
        expect(charts.perMinute[0]).toBe('notificações recebidas');
        expect(charts.perMinute.slice(1).every((label) => label.startsWith('tentativas: '))).toBe(true);
        expect(charts.axis).toBe('por minuto');
        expect(charts.firstMinute).toBe('12:04'); // 15:04 UTC in São Paulo
        expect(charts.status).toEqual(['aguardando', 'em andamento', 'concluído', 'requer atenção', 'nada a fazer']);
        expect(charts.backlog).toEqual(['na fila (aguardando ou em andamento)', 'a que mais espera (segundos)']);
        expect(charts.updated).toMatch(/^07\/12\/2026,? 12:04:05/); // rewritten to the browser's zone, day first
        // a refresh keeps the locale: the cards are written with its separators
        const done = '[data-count-status="success"]';
        await page.evaluate(`document.querySelector('${done}').textContent = ''`);
        for (let waited = 0; (await page.textContent(done)) === '' && waited < 10_000; waited += 100) await page.waitForTimeout(100);
        expect(await page.textContent(done)).toMatch(/^1\.2\d\d$/); // 1,200 and the few the flash tests finished
        expect(await page.textContent('#updated-at')).toMatch(/^07\/12\/2026,? 12:04:05/);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }, 30_000);
  });
});
