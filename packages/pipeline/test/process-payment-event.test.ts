import { PermanentError, RetryableError } from '@ghl-payments/core';
import { processEvent } from '@ghl-payments/pipeline';
import { createPipelineFixture, PipelineFixture, rejectionOf } from './support/pipeline-fixture';

/** The ledger key of the GHL_STATUS_TAGS rule for an approved payment. */
const actionKey = (mpPaymentId: string) => ({ subject: `payment:${mpPaymentId}`, status: 'approved', round: 1, rule: 'status-tags:approved', actionIndex: 0 });

describe('processEvent for payment notifications', () => {
  let f: PipelineFixture;
  afterEach(async () => { await f.close(); });

  const paymentRows = () => f.t.db.knex('payments').orderBy('id');
  const ghlCalls = (path: RegExp) => f.ghl.requests.filter((r) => path.test(r.path));

  describe('with GHL_STATUS_TAGS (rules that only add tags)', () => {
    beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } }); });

    it('reads the payment, stores it, upserts the contact by email and tags it', async () => {
      f.mp.setPayment({ id: 1001, status: 'approved', transaction_amount: 1500.5, payer: { email: 'ana@example.com', first_name: 'Ana' } });
      const outcome = await processEvent(await f.event(1001), f.ctx);

      const [row] = await paymentRows();
      const contactId = f.ghl.findContactByEmail('ana@example.com')?.id;
      expect(contactId).toBeDefined();
      expect(outcome).toEqual({ status: 'success', paymentId: Number(row.id), summary: `payment 1001 approved → contact ${contactId}: add tags pago-aprobado` });
      expect(row).toMatchObject({ mp_payment_id: '1001', status: 'approved', payer_email: 'ana@example.com', ghl_contact_id: contactId, currency: 'ARS' });
      expect(Number(row.amount)).toBe(1500.5);
      expect(JSON.parse(row.raw)).toMatchObject({ id: 1001, status: 'approved' });
      expect(f.ghl.getContact(contactId!)).toMatchObject({ firstName: 'Ana', tags: ['pago-aprobado'] });
      expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId, tags: ['pago-aprobado'] })]);
      expect(await f.t.db.listActions('payment:1001')).toEqual([expect.objectContaining({ status: 'approved', round: 1, rule: 'status-tags:approved', state: 'applied', contactId })]);
    });

    it('sends the upsert without tags (they would replace the contact\'s) and with the expected headers', async () => {
      f.ghl.addContact({ id: 'c-existing', email: 'bob@example.com', tags: ['vip'] });
      f.mp.setPayment({ id: 1002, payer: { email: 'bob@example.com' } });
      await processEvent(await f.event(1002), f.ctx);

      const [upsert] = ghlCalls(/^\/contacts\/upsert$/);
      expect(upsert.body).toEqual({ locationId: 'loc-test', email: 'bob@example.com' });
      expect(upsert.body).not.toHaveProperty('tags');
      expect(upsert.headers).toMatchObject({ authorization: `Bearer ${f.ghl.token}`, version: '2021-07-28', accept: 'application/json' });
      expect(f.ghl.getContact('c-existing')?.tags).toEqual(['vip', 'pago-aprobado']);
    });

    it('uses metadata.ghl_contact_id without upserting', async () => {
      f.ghl.addContact({ id: 'contact-from-metadata', email: 'someone@example.com' });
      f.mp.setPayment({ id: 1003, metadata: { ghl_contact_id: 'contact-from-metadata' }, payer: { email: 'other@example.com' } });
      const outcome = await processEvent(await f.event(1003), f.ctx);

      expect(outcome).toMatchObject({ status: 'success', summary: 'payment 1003 approved → contact contact-from-metadata: add tags pago-aprobado' });
      expect(ghlCalls(/upsert/)).toHaveLength(0);
      expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: 'contact-from-metadata' })]);
      expect((await paymentRows())[0].ghl_contact_id).toBe('contact-from-metadata');
    });

    it('completes a payment registered in advance with its external reference, and tags its contact', async () => {
      f.ghl.addContact({ id: 'registered-contact', email: 'reg@example.com' });
      const expected = await f.t.db.registerExpectedPayment({ externalReference: 'order-77', ghlContactId: 'registered-contact' }, Date.now());
      f.mp.setPayment({ id: 1004, external_reference: 'order-77', payer: { email: 'different@example.com' } });
      const outcome = await processEvent(await f.event(1004), f.ctx);

      const rows = await paymentRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: expected.id, mp_payment_id: '1004', external_reference: 'order-77', ghl_contact_id: 'registered-contact', status: 'approved' });
      expect(outcome).toMatchObject({ status: 'success', paymentId: expected.id });
      expect(ghlCalls(/upsert/)).toHaveLength(0);
      expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: 'registered-contact' })]);
    });

    it('records the metadata contact on a payment registered in advance, and keeps a stored contact when a later read has none', async () => {
      f.ghl.addContact({ id: 'meta-contact', email: 'meta@example.com' });
      const expected = await f.t.db.registerExpectedPayment({ externalReference: 'order-88', ghlContactId: 'registered-contact' }, Date.now());
      f.mp.setPayment({ id: 1005, external_reference: 'order-88', metadata: { ghl_contact_id: 'meta-contact' } });
      await processEvent(await f.event(1005), f.ctx);
      let rows = await paymentRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: expected.id, mp_payment_id: '1005', ghl_contact_id: 'meta-contact' });
      expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: 'meta-contact' })]);

      f.mp.setPayment({ id: 1005, status: 'refunded', external_reference: 'order-88', metadata: {} });
      await processEvent(await f.event(1005), f.ctx);
      rows = await paymentRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'refunded', ghl_contact_id: 'meta-contact' });
    });

    it('uses the contact of an earlier payment with the same external reference', async () => {
      f.ghl.addContact({ id: 'earlier-contact', email: 'earlier@example.com' });
      f.mp.setPayment({ id: 1005, external_reference: 'subscription-9', metadata: { ghl_contact_id: 'earlier-contact' } });
      f.mp.setPayment({ id: 1006, external_reference: 'subscription-9', payer: { email: 'nobody@example.com' } });
      await processEvent(await f.event(1005), f.ctx);
      await processEvent(await f.event(1006), f.ctx);

      expect(ghlCalls(/upsert/)).toHaveLength(0);
      expect(f.ghl.tagCalls().map((c) => c.contactId)).toEqual(['earlier-contact', 'earlier-contact']);
    });

    it('tags a payment and status once however many notifications arrive, even at the same time', async () => {
      f.ghl.addContact({ id: 'c-1007', email: 'twice@example.com' });
      f.mp.setPayment({ id: 1007, metadata: { ghl_contact_id: 'c-1007' } });
      f.ghl.setLatency(300); // the first call is still tagging when the second reaches the ledger
      const events = [await f.event(1007), await f.event(1007), await f.event(1007)];
      const outcomes = await Promise.all(events.map((e) => processEvent(e, f.ctx)));

      expect(outcomes.map((o) => o.status === 'success' && o.summary).sort()).toEqual([
        'payment 1007 approved → contact c-1007: add tags pago-aprobado',
        'payment 1007 approved → contact c-1007: add tags pago-aprobado (already done)',
        'payment 1007 approved → contact c-1007: add tags pago-aprobado (already done)',
      ]);
      expect(f.ghl.tagCalls()).toHaveLength(1);
      expect(await paymentRows()).toHaveLength(1);
    });

    it('defers, not counted, when another event keeps holding the action reservation', async () => {
      const g = await createPipelineFixture({ env: { HTTP_TIMEOUT: '100ms', GHL_STATUS_TAGS: 'approved:pago-aprobado' } });
      try {
        g.mp.setPayment({ id: 1014, metadata: { ghl_contact_id: 'c-1014' } });
        const until = Date.now() + 60_000;
        await g.t.db.reserveAction({ ...actionKey('1014'), kind: 'addTags', contactId: 'c-1014', eventId: 999_999, leaseMs: 60_000, now: until - 60_000 });
        const error = await rejectionOf(processEvent(await g.event(1014), g.ctx));
        expect(error).toBeInstanceOf(RetryableError);
        expect(error).toMatchObject({ countsAsAttempt: false, notBefore: until });
        expect(g.ghl.requests).toHaveLength(0);
      } finally {
        await g.close();
      }
    });

    it('takes over when the other event gives its reservation back while we wait', async () => {
      f.ghl.addContact({ id: 'c-1015', email: 'c1015@example.com' });
      f.mp.setPayment({ id: 1015, metadata: { ghl_contact_id: 'c-1015' } });
      const key = actionKey('1015');
      await f.t.db.reserveAction({ ...key, kind: 'addTags', contactId: 'c-1015', eventId: 999_998, leaseMs: 60_000, now: Date.now() });
      setTimeout(() => { void f.t.db.releaseAction(key, 999_998); }, 250);
      const outcome = await processEvent(await f.event(1015), f.ctx);
      expect(outcome).toMatchObject({ summary: 'payment 1015 approved → contact c-1015: add tags pago-aprobado' });
      expect(f.ghl.tagCalls()).toHaveLength(1);
    });

    it('tags once when the same payment is processed again after success', async () => {
      f.mp.setPayment({ id: 1012, payer: { email: 'again@example.com' } });
      await processEvent(await f.event(1012), f.ctx);
      await processEvent(await f.event(1012), f.ctx);
      expect(f.ghl.tagCalls()).toHaveLength(1);
      expect(f.ghl.requests.filter((r) => r.path === '/contacts/upsert')).toHaveLength(1); // the stored contact is reused
    });

    it('succeeds without calling GHL when the status has no tags', async () => {
      f.mp.setPayment({ id: 1008, status: 'pending', payer: { email: 'pending@example.com' } });
      const outcome = await processEvent(await f.event(1008), f.ctx);

      expect(outcome).toMatchObject({ status: 'success', summary: 'payment 1008 pending → no rule for status pending' });
      expect(f.ghl.requests).toHaveLength(0);
      expect((await paymentRows())[0]).toMatchObject({ status: 'pending', ghl_contact_id: null });
    });

    it('fails permanently when the payment has no way to find its contact', async () => {
      f.mp.setPayment({ id: 1009, external_reference: null, payer: { email: null } });
      const error = await rejectionOf(processEvent(await f.event(1009), f.ctx));

      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe('no GHL contact: the payment has no metadata.ghl_contact_id, no registered external_reference and no payer email');
      expect(f.ghl.requests).toHaveLength(0);
    });

    it('fails permanently when metadata.ghl_contact_id cannot be a GHL id, rather than tagging someone else', async () => {
      f.mp.setPayment({ id: 1013, metadata: { ghl_contact_id: '../../locations/x' }, payer: { email: 'fallback@example.com' } });
      const error = await rejectionOf(processEvent(await f.event(1013), f.ctx));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe('metadata.ghl_contact_id is not a valid GHL contact id');
      expect(f.ghl.requests).toHaveLength(0);
    });

    it('fails permanently on an event whose resource id is not an id', async () => {
      const error = await rejectionOf(processEvent(await f.event('../users/me'), f.ctx));
      expect(error).toBeInstanceOf(PermanentError);
      expect(f.mp.requests).toHaveLength(0);
    });

    it('releases the action reservation when GHL rejects the tags (422), so a later attempt can tag', async () => {
      f.mp.setPayment({ id: 1010, metadata: { ghl_contact_id: 'c-1010' } });
      f.ghl.addContact({ id: 'c-1010', email: 'c1010@example.com' });
      f.ghl.fail({ method: 'POST', path: '/contacts/:contactId/tags', status: 422, body: { statusCode: 422, message: ['tags must be an array', 'property x should not exist'], error: 'Unprocessable Entity' } });
      const error = await rejectionOf(processEvent(await f.event(1010), f.ctx));

      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toContain('HTTP 422: tags must be an array; property x should not exist');
      expect(await f.t.db.listActions('payment:1010')).toEqual([]);
      await processEvent(await f.event(1010), f.ctx);
      expect(f.ghl.tagCalls()).toHaveLength(1);
    });

    it('defers the event on a GHL 429 until the rate-limit interval passes, without counting the attempt', async () => {
      f.mp.setPayment({ id: 1011, metadata: { ghl_contact_id: 'c-1011' } });
      f.ghl.addContact({ id: 'c-1011', email: 'c1011@example.com' });
      f.ghl.fail({ path: '/contacts/:contactId/tags', status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '7000' } });
      const before = Date.now();
      const error = await rejectionOf(processEvent(await f.event(1011), f.ctx));

      expect(error).toBeInstanceOf(RetryableError);
      const retryable = error as RetryableError;
      expect(retryable).toMatchObject({ countsAsAttempt: false, service: 'ghl' });
      expect(retryable.notBefore).toBeGreaterThanOrEqual(before + 7000);
      expect(retryable.notBefore).toBeLessThanOrEqual(Date.now() + 7000);
      expect(await f.t.db.listActions('payment:1011')).toEqual([]);
      expect(f.clients.ghl.limiter.heldUntil()).toBeGreaterThanOrEqual(before + 7000);
    });
  });

  describe('with tags for two statuses', () => {
    beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado,refunded:pago-reembolsado|cliente-reembolsado' } }); });

    it('tags approved, then refunded, each once', async () => {
      f.mp.setPayment({ id: 2001, status: 'approved', payer: { email: 'change@example.com' } });
      await processEvent(await f.event(2001), f.ctx);
      await processEvent(await f.event(2001), f.ctx);
      f.mp.setPayment({ id: 2001, status: 'refunded' });
      const refunded = await processEvent(await f.event(2001), f.ctx);
      await processEvent(await f.event(2001), f.ctx);

      const contactId = f.ghl.findContactByEmail('change@example.com')!.id;
      expect(refunded).toMatchObject({ summary: `payment 2001 refunded → contact ${contactId}: add tags pago-reembolsado, cliente-reembolsado` });
      expect(f.ghl.tagCalls().map((c) => c.tags)).toEqual([['pago-aprobado'], ['pago-reembolsado', 'cliente-reembolsado']]);
      expect(f.ghl.requests.filter((r) => r.path === '/contacts/upsert')).toHaveLength(1);
      expect((await paymentRows())).toEqual([expect.objectContaining({ status: 'refunded', ghl_contact_id: contactId })]);
      expect((await f.t.db.listActions('payment:2001')).map((a) => [a.status, a.state])).toEqual([['approved', 'applied'], ['refunded', 'applied']]);
    });
  });

  describe('with missing credentials', () => {
    it.each([
      ['MP_ACCESS_TOKEN', 'MP_ACCESS_TOKEN is not set'],
      ['GHL_API_TOKEN', 'GHL_API_TOKEN is not set'],
      ['GHL_LOCATION_ID', 'GHL_LOCATION_ID is not set'],
    ])('keeps the event retryable without %s, naming it', async (variable, message) => {
      f = await createPipelineFixture({ env: { [variable]: undefined } });
      f.mp.setPayment({ id: 4001, payer: { email: 'creds@example.com' } });
      const error = await rejectionOf(processEvent(await f.event(4001), f.ctx));
      expect(error).toBeInstanceOf(RetryableError);
      expect(error.message).toContain(message);
      expect(f.ghl.requests).toHaveLength(0);
    });
  });
});
