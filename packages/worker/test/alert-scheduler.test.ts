import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import type { NewEvent } from '@ghl-payments/store';
import {
  buildAlertChannels, createAlerts, createAlertScheduler, latestDigestTime, watchCredentials, watchSignatureRejections,
} from '@ghl-payments/worker';
import { createTestDatabase, startAlertSink, TestDatabase } from '@ghl-payments/test-support';

const MINUTE = 60_000;
const ZONE = 'America/Argentina/Buenos_Aires'; // UTC−3, no daylight saving time

const event = (n: number): NewEvent => ({
  dedupKey: `webhook:payment:${n}`, pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
  resourceId: String(8000 + n), notificationId: String(n), requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
});

describe('the digest time in a time zone', () => {
  it('is today\'s DIGEST_TIME once reached, else yesterday\'s, daylight saving time included', () => {
    const eight = { hour: 8, minute: 0 };
    expect(latestDigestTime(Date.UTC(2026, 11, 8, 11, 0), eight, ZONE)).toBe(Date.UTC(2026, 11, 8, 11, 0));
    expect(latestDigestTime(Date.UTC(2026, 11, 8, 10, 59), eight, ZONE)).toBe(Date.UTC(2026, 11, 7, 11, 0));
    expect(latestDigestTime(Date.UTC(2026, 11, 8, 2, 0), eight, ZONE)).toBe(Date.UTC(2026, 11, 7, 11, 0)); // 23:00 the day before, local
    // New York moves to UTC−4 on 8 March 2026: 08:00 is 12:00 UTC that day, 13:00 UTC the day before
    expect(latestDigestTime(Date.UTC(2026, 2, 8, 14, 0), eight, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 12, 0));
    expect(latestDigestTime(Date.UTC(2026, 2, 8, 11, 0), eight, 'America/New_York')).toBe(Date.UTC(2026, 2, 7, 13, 0));
  });
});

describe('scheduled alerts and watches', () => {
  let t: TestDatabase;
  let sink: Awaited<ReturnType<typeof startAlertSink>>;
  let clock: number;
  beforeEach(async () => { [t, sink] = await Promise.all([createTestDatabase(), startAlertSink()]); clock = Date.UTC(2026, 11, 8, 10, 0); });
  afterEach(async () => { await Promise.all([t.destroy(), sink.close()]); });

  const makeAlerts = (language: 'es' | 'en' = 'es', store = t.db) => createAlerts({
    store, channels: buildAlertChannels(loadConfig({ DATABASE_URL: t.url, ALERT_WEBHOOK_URL: sink.url })), logger: createSilentLogger(), now: () => clock,
    secrets: [], language, timeZone: ZONE,
  });

  it('alerts once when the oldest pending event is older than ALERT_BACKLOG_AGE, not before', async () => {
    await t.db.insertEvent(event(1), clock - 20 * MINUTE);
    await t.db.insertEvent(event(2), clock - 5 * MINUTE);
    const alerts = makeAlerts();
    const scheduler = createAlertScheduler({ store: t.db, alerts, logger: createSilentLogger(), now: () => clock, backlogAgeMs: 30 * MINUTE, digestTime: null, timeZone: ZONE });
    await scheduler.check();
    expect(sink.texts).toEqual([]); // 20 minutes: under the threshold
    clock += 11 * MINUTE;
    await scheduler.check();
    await scheduler.check(); // still stuck a minute later: held back, not repeated
    expect(sink.texts).toHaveLength(1);
    expect(sink.texts[0]).toMatch(/^ghl-payments: 2 avisos esperan ser procesados; el más antiguo llegó el 08\/12\/2026, 06:40 .* \(hace 31 min, más que el límite de 30 min\)/);
    expect(sink.texts[0]).toContain('/admin/events?status=pending');
  });

  it('sends the daily digest at DIGEST_TIME in TZ, once per day across workers, starting with the next one', async () => {
    // the day's figures: a payment approved, an action applied, an event failed, one recovered by reconciliation
    const day = Date.UTC(2026, 11, 8, 9, 0);
    const { id: failed } = await t.db.insertEvent(event(1), day);
    await t.db.knex('webhook_events').where({ id: failed }).update({ status: 'failed', processed_at: day });
    const { id: recovered } = await t.db.insertEvent(event(2), day);
    await t.db.knex('webhook_events').where({ id: recovered }).update({ source: 'reconcile', status: 'success', processed_at: day });
    await t.db.knex('payments').insert({ mp_payment_id: '8001', status: 'approved', created_at: day, updated_at: day });
    await t.db.knex('status_changes').insert({ subject: 'payment:8001', status: 'approved', round: 1, changed_at: day });
    await t.db.knex('rule_actions').insert({
      subject: 'payment:8001', status: 'approved', round: 1, rule: 'r', action_index: 0, kind: 'add_tags', contact_id: 'c1', state: 'applied', created_at: day, applied_at: day,
    });

    const scheduler = (store = t.db) => createAlertScheduler({
      store, alerts: makeAlerts('es', store), logger: createSilentLogger(), now: () => clock, backlogAgeMs: null, digestTime: { hour: 8, minute: 0 }, timeZone: ZONE,
    });
    const a = scheduler();
    const b = scheduler();
    clock = Date.UTC(2026, 11, 8, 10, 59); // 07:59 in Buenos Aires, the first check ever: nothing sent at start-up
    await a.check();
    clock = Date.UTC(2026, 11, 8, 11, 0); // 08:00 there
    await Promise.all([a.check(), b.check()]);
    clock += 5 * MINUTE;
    await a.check();
    expect(sink.texts).toHaveLength(1);
    // the zone's short name is ICU's (ART or GMT-3 depending on Node's ICU data)
    expect(sink.texts[0].replace(/08:00 (ART|GMT-3)/g, '08:00 <zone>')).toBe('ghl-payments: resumen de las últimas 24 horas (07/12/2026, 08:00 <zone> – 08/12/2026, 08:00 <zone>). '
      + 'Pagos recibidos: 1 (aprobados: 1). Acciones hechas en GoHighLevel: 1. Fallidos: 1. Recuperados por la verificación con MercadoPago: 1. '
      + 'En espera ahora: 0. Qué hacer: revise los fallidos en el panel (/admin/events?status=failed) y reinténtelos cuando la causa esté corregida.');

    clock = Date.UTC(2026, 11, 9, 11, 0, 30); // the next day, 08:00:30 there
    await b.check();
    expect(sink.texts).toHaveLength(2);
    expect(sink.texts[1]).toMatch(/Pagos recibidos: 0 .* Fallidos: 0\. .* Todo en orden/);
  });

  it('skips a digest missed by more than 12 hours (worker stopped at DIGEST_TIME)', async () => {
    await t.db.claimAlert({ key: 'daily-digest', now: Date.UTC(2026, 11, 7, 11, 0), notSentSince: Date.UTC(2026, 11, 7, 11, 0) });
    const scheduler = createAlertScheduler({ store: t.db, alerts: makeAlerts(), logger: createSilentLogger(), now: () => clock, backlogAgeMs: null, digestTime: { hour: 8, minute: 0 }, timeZone: ZONE });
    clock = Date.UTC(2026, 11, 9, 0, 0); // 21:00 on the 8th there: 13 hours late
    await scheduler.check();
    expect(sink.texts).toEqual([]);
    clock = Date.UTC(2026, 11, 9, 11, 1);
    await scheduler.check();
    expect(sink.texts).toHaveLength(1);
  });

  it('raises credentials-rejected at the third 401/403 of one upstream within ten minutes', async () => {
    const alerts = makeAlerts('en');
    const onCall = watchCredentials({ alerts, now: () => clock });
    const call = (service: 'mercadopago' | 'ghl', status: number) => onCall({ service, operation: 'GET /v1/payments/:id', status, durationMs: 5 });
    call('mercadopago', 401);
    call('mercadopago', 500); // not a credentials answer
    call('ghl', 403); // another upstream: counted on its own
    clock += 11 * MINUTE;
    call('mercadopago', 401); // the first has left the window
    call('mercadopago', 403);
    await alerts.flush(2000);
    expect(sink.texts).toEqual([]);
    call('mercadopago', 401);
    await alerts.flush(2000);
    expect(sink.texts).toHaveLength(1);
    expect(sink.texts[0]).toMatch(/^ghl-payments: MercadoPago rejected 3 requests in 10 min \(HTTP 401\)\. .* copy the production Access Token .* into MP_ACCESS_TOKEN/);
  });

  it('raises signatures-rejected at the fifth refusal within ten minutes, once an hour', async () => {
    const alerts = makeAlerts('es');
    const onRefused = watchSignatureRejections({ alerts, now: () => clock });
    for (let i = 0; i < 4; i += 1) onRefused();
    await alerts.flush(2000);
    expect(sink.texts).toEqual([]);
    onRefused();
    for (let i = 0; i < 10; i += 1) { clock += MINUTE; onRefused(); } // a second burst within the hour: held back
    await alerts.flush(2000);
    expect(sink.texts).toHaveLength(1);
    expect(sink.texts[0]).toMatch(/^ghl-payments: el receptor rechazó 5 avisos en 10 min porque su firma \(x-signature\) no es válida.*MP_WEBHOOK_SECRET/);
  });
});
