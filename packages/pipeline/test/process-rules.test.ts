import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PermanentError } from '@ghl-payments/core';
import { processEvent } from '@ghl-payments/pipeline';
import { createPipelineFixture, PipelineFixture, rejectionOf } from './support/pipeline-fixture';

/** A rules file in a scratch folder, for RULES_FILE. */
function writeRules(yaml: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-rules-')), 'rules.yaml');
  fs.writeFileSync(file, yaml);
  return file;
}

const COURSE_RULES = `
rules:
  - name: curso aprobado
    when: { status: approved, externalReferencePrefix: curso- }
    actions:
      - addTags: [alumno]
      - removeTags: [pago-pendiente]
      - setCustomFields: { mp_amount: "{{payment.transaction_amount}}", contact.mp_payment_id: "{{payment.id}}" }
      - addNote: "Pago {{payment.id}} aprobado: {{payment.currency_id}} {{payment.transaction_amount}}"
      - addToWorkflow: wf-bienvenida
      - upsertOpportunity: { pipelineId: pl-cursos, stageId: st-pagado, status: won }
  - name: curso reembolsado
    when: { status: [refunded, charged_back], externalReferencePrefix: curso- }
    actions:
      - removeTags: [alumno]
      - removeFromWorkflow: wf-bienvenida
      - addNote: "Pago {{payment.id}} {{payment.status}}: acceso retirado"
`;

describe('processEvent runs the rules on the contact', () => {
  let f: PipelineFixture;
  afterEach(async () => { await f.close(); });

  describe('every action, once per status round', () => {
    beforeEach(async () => { f = await createPipelineFixture({ env: { RULES_FILE: writeRules(COURSE_RULES) } }); });

    it('performs each action of the matching rule in order, and nothing twice for a redelivery', async () => {
      const amountField = f.ghl.addCustomField({ key: 'mp_amount', dataType: 'MONETORY' });
      const idField = f.ghl.addCustomField({ key: 'mp_payment_id', dataType: 'TEXT' });
      f.ghl.addContact({ id: 'c-curso', email: 'alumna@example.com', tags: ['pago-pendiente', 'vip'] });
      f.mp.setPayment({ id: 5001, status: 'approved', transaction_amount: 1500.5, external_reference: 'curso-77', metadata: { ghl_contact_id: 'c-curso' } });

      const outcome = await processEvent(await f.event(5001), f.ctx);
      expect(outcome).toMatchObject({ status: 'success' });
      expect(outcome.status === 'success' && outcome.summary).toBe('payment 5001 approved → contact c-curso: add tags alumno; remove tags pago-pendiente; '
        + 'set mp_amount=1500.5, contact.mp_payment_id=5001; add note "Pago 5001 aprobado: ARS 1500.5"; add to workflow wf-bienvenida; '
        + 'opportunity in pipeline pl-cursos, stage st-pagado, won');
      expect(f.ghl.getContact('c-curso')?.tags).toEqual(['vip', 'alumno']);
      expect(f.ghl.customFieldValues('c-curso')).toEqual({ [amountField]: '1500.5', [idField]: '5001' });
      expect(f.ghl.notes('c-curso').map((n) => n.body)).toEqual(['Pago 5001 aprobado: ARS 1500.5']);
      expect(f.ghl.workflowsOf('c-curso')).toEqual(['wf-bienvenida']);
      expect(f.ghl.opportunities()).toEqual([expect.objectContaining({ contactId: 'c-curso', pipelineId: 'pl-cursos', pipelineStageId: 'st-pagado', status: 'won', monetaryValue: 1500.5 })]);

      const calls = f.ghl.requests.length;
      await processEvent(await f.event(5001), f.ctx);
      expect(f.ghl.requests.length).toBe(calls); // every action already done: no GoHighLevel call at all
      const ledger = await f.t.db.listActions('payment:5001');
      expect(ledger.map((a) => [a.rule, a.actionIndex, a.kind, a.state])).toEqual([
        ['curso aprobado', 0, 'addTags', 'applied'], ['curso aprobado', 1, 'removeTags', 'applied'], ['curso aprobado', 2, 'setCustomFields', 'applied'],
        ['curso aprobado', 3, 'addNote', 'applied'], ['curso aprobado', 4, 'addToWorkflow', 'applied'], ['curso aprobado', 5, 'upsertOpportunity', 'applied'],
      ]);
    });

    it('a refund takes the access away; an approval after it (a dispute won) runs the approval rule again', async () => {
      f.ghl.addCustomField({ key: 'mp_amount' });
      f.ghl.addCustomField({ key: 'mp_payment_id' });
      f.ghl.addContact({ id: 'c-ida', email: 'ida@example.com' });
      const at = (day: number) => `2026-12-0${day}T10:00:00.000-03:00`;
      f.mp.setPayment({ id: 5002, status: 'approved', transaction_amount: 100, external_reference: 'curso-9', metadata: { ghl_contact_id: 'c-ida' }, date_last_updated: at(1) });
      await processEvent(await f.event(5002), f.ctx);
      f.mp.setPayment({ id: 5002, status: 'refunded', date_last_updated: at(2) });
      await processEvent(await f.event(5002), f.ctx);
      expect(f.ghl.getContact('c-ida')?.tags).toEqual([]);
      expect(f.ghl.workflowsOf('c-ida')).toEqual([]);
      f.mp.setPayment({ id: 5002, status: 'approved', date_last_updated: at(3) });
      await processEvent(await f.event(5002), f.ctx);

      expect(f.ghl.getContact('c-ida')?.tags).toEqual(['alumno']);
      expect(f.ghl.workflowsOf('c-ida')).toEqual(['wf-bienvenida']);
      expect(f.ghl.notes('c-ida').map((n) => n.body)).toEqual(['Pago 5002 aprobado: ARS 100', 'Pago 5002 refunded: acceso retirado', 'Pago 5002 aprobado: ARS 100']);
      const rounds = (await f.t.db.listStatusChanges('payment:5002')).map((c) => `${c.status}#${c.round}`);
      expect(rounds).toEqual(['approved#1', 'refunded#1', 'approved#2']);
    });

    it('a late read of an older state changes nothing (the refund stays)', async () => {
      f.ghl.addContact({ id: 'c-late', email: 'late@example.com' });
      f.mp.setPayment({ id: 5003, status: 'refunded', external_reference: 'curso-3', metadata: { ghl_contact_id: 'c-late' }, date_last_updated: '2026-12-02T10:00:00.000-03:00' });
      await processEvent(await f.event(5003), f.ctx);
      f.mp.setPayment({ id: 5003, status: 'approved', date_last_updated: '2026-12-01T10:00:00.000-03:00' });
      const outcome = await processEvent(await f.event(5003), f.ctx);
      expect(outcome).toMatchObject({ status: 'success', summary: 'payment 5003 approved: MercadoPago answered an older state than the one recorded (refunded); nothing to do' });
      expect(f.ghl.tagCalls()).toEqual([]);
      expect((await f.t.db.knex('payments').where('mp_payment_id', '5003').first()).status).toBe('refunded');
    });

    it('an unknown custom field key fails the event for good, naming the key and the location; the actions before it stay done', async () => {
      f.ghl.addContact({ id: 'c-nofield', email: 'nofield@example.com' });
      f.mp.setPayment({ id: 5004, status: 'approved', external_reference: 'curso-4', metadata: { ghl_contact_id: 'c-nofield' } });
      const error = await rejectionOf(processEvent(await f.event(5004), f.ctx));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe('GoHighLevel location loc-test has no custom field with key "contact.mp_amount": create it in GoHighLevel (Settings → Custom Fields) or fix the key in the rules file');
      expect(f.ghl.requests.filter((r) => r.path === '/locations/loc-test/customFields')).toHaveLength(2); // listed, then listed again once
      f.ghl.addCustomField({ key: 'mp_amount' });
      f.ghl.addCustomField({ key: 'mp_payment_id' });
      await processEvent(await f.event(5004), f.ctx); // the operator created the fields and retried
      expect(f.ghl.tagCalls()).toHaveLength(1); // alumno was added once, before the failure
      expect(f.ghl.notes('c-nofield')).toHaveLength(1);
    });

    it('two events that set the same custom field key list the location\'s custom fields once', async () => {
      const amountField = f.ghl.addCustomField({ key: 'mp_amount' });
      f.ghl.addCustomField({ key: 'mp_payment_id' });
      for (const [id, contactId] of [[5006, 'c-cache1'], [5007, 'c-cache2']] as const) {
        f.ghl.addContact({ id: contactId, email: `${contactId}@example.com` });
        f.mp.setPayment({ id, status: 'approved', transaction_amount: 80, external_reference: `curso-${id}`, metadata: { ghl_contact_id: contactId } });
        await processEvent(await f.event(id), f.ctx);
        expect(f.ghl.customFieldValues(contactId)).toMatchObject({ [amountField]: '80' });
      }
      expect(f.ghl.requests.filter((r) => r.path === '/locations/loc-test/customFields')).toHaveLength(1);
      expect(f.ghl.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
    });

    it('a payment whose rules do not match (another prefix) calls nobody', async () => {
      f.mp.setPayment({ id: 5005, status: 'approved', external_reference: 'tienda-1', payer: { email: 'other@example.com' } });
      expect(await processEvent(await f.event(5005), f.ctx)).toMatchObject({ status: 'success', summary: 'payment 5005 approved → no rule for status approved' });
      expect(f.ghl.requests).toEqual([]);
    });
  });

  describe('with the default rules', () => {
    beforeEach(async () => { f = await createPipelineFixture(); });

    it('a pending payment that names no contact is ignored with the reason, and its approval then adds and removes tags', async () => {
      f.mp.setPayment({ id: 5101, status: 'pending', payer: { email: 'cash@example.com' } });
      const pending = await processEvent(await f.event(5101), f.ctx);
      expect(pending).toMatchObject({ status: 'ignored', reason: expect.stringContaining('MercadoPago gives the payer\'s email only once a payment is approved') });
      expect(f.ghl.requests).toEqual([]);
      f.mp.setPayment({ id: 5101, status: 'approved' });
      const approved = await processEvent(await f.event(5101), f.ctx);
      const contact = f.ghl.findContactByEmail('cash@example.com')!;
      expect(approved).toMatchObject({ status: 'success', summary: `payment 5101 approved → contact ${contact.id}: add tags pago-aprobado; remove tags pago-pendiente` });
      expect(contact.tags).toEqual(['pago-aprobado']);
    });

    it('a pending payment of a known contact (metadata) gets pago-pendiente, then the approval swaps it', async () => {
      f.ghl.addContact({ id: 'c-pend', email: 'pend@example.com' });
      f.mp.setPayment({ id: 5102, status: 'pending', metadata: { ghl_contact_id: 'c-pend' } });
      await processEvent(await f.event(5102), f.ctx);
      expect(f.ghl.getContact('c-pend')?.tags).toEqual(['pago-pendiente']);
      f.mp.setPayment({ id: 5102, status: 'approved' });
      await processEvent(await f.event(5102), f.ctx);
      expect(f.ghl.getContact('c-pend')?.tags).toEqual(['pago-aprobado']);
    });
  });

  describe('taking over an action whose worker died', () => {
    beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } }); });
    const deadReservation = async (mpPaymentId: string, contactId: string) => {
      await f.t.db.recordPaymentState({
        mpPaymentId, status: 'approved', statusDetail: null, amount: null, currency: null, description: null, externalReference: null,
        payerEmail: null, dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: '{}', ghlContactId: contactId,
      }, null, 1);
      const key = { subject: `payment:${mpPaymentId}`, status: 'approved', round: 1, rule: 'status-tags:approved', actionIndex: 0 };
      await f.t.db.reserveAction({ ...key, kind: 'addTags', contactId, eventId: 999_001, leaseMs: 1000, now: 1 }); // its lease ended long ago
    };

    it('records the action done without calling again when GoHighLevel already shows it (the dead worker\'s call went through)', async () => {
      f.ghl.addContact({ id: 'c-dead', email: 'dead@example.com', tags: ['pago-aprobado'] });
      f.mp.setPayment({ id: 5501, status: 'approved', metadata: { ghl_contact_id: 'c-dead' } });
      await deadReservation('5501', 'c-dead');
      await processEvent(await f.event(5501), f.ctx);
      expect(f.ghl.tagCalls()).toEqual([]);
      expect(f.ghl.requests.filter((r) => r.method === 'GET' && r.path === '/contacts/c-dead')).toHaveLength(1);
      expect(await f.t.db.listActions('payment:5501')).toEqual([expect.objectContaining({ state: 'applied', detail: '{"foundDone":true}' })]);
    });

    it('calls when GoHighLevel does not show it (the dead worker died before its call)', async () => {
      f.ghl.addContact({ id: 'c-dead2', email: 'dead2@example.com' });
      f.mp.setPayment({ id: 5502, status: 'approved', metadata: { ghl_contact_id: 'c-dead2' } });
      await deadReservation('5502', 'c-dead2');
      await processEvent(await f.event(5502), f.ctx);
      expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: 'c-dead2', tags: ['pago-aprobado'] })]);
      expect(await f.t.db.listActions('payment:5502')).toEqual([expect.objectContaining({ state: 'applied', detail: '{"tags":["pago-aprobado"]}' })]);
    });
  });

  describe('taking over each kind of action whose worker died', () => {
    // One rule per action kind, told apart by the external reference, so each payment runs exactly one action.
    const ONE_ACTION_RULES = `
rules:
  - name: quita
    when: { status: approved, externalReferencePrefix: quita- }
    actions: [ { removeTags: [pago-pendiente] } ]
  - name: nota
    when: { status: approved, externalReferencePrefix: nota- }
    actions: [ { addNote: "Pago {{payment.id}} aprobado" } ]
  - name: flujo
    when: { status: approved, externalReferencePrefix: flujo- }
    actions: [ { addToWorkflow: wf-bienvenida } ]
  - name: campos
    when: { status: approved, externalReferencePrefix: campos- }
    actions: [ { setCustomFields: { mp_amount: "{{payment.transaction_amount}}" } } ]
  - name: oportunidad
    when: { status: approved, externalReferencePrefix: oportunidad- }
    actions: [ { upsertOpportunity: { pipelineId: pl-1, stageId: st-pagado, status: won } } ]
`;
    beforeEach(async () => { f = await createPipelineFixture({ env: { RULES_FILE: writeRules(ONE_ACTION_RULES) } }); });

    /** A payment whose one action was reserved by an event whose worker died (its lease ended long ago). */
    const paymentWithDeadReservation = async (id: number, rule: string, kind: string, contactId: string) => {
      f.ghl.addContact({ id: contactId, email: `${contactId}@example.com`, tags: ['pago-pendiente'] });
      f.mp.setPayment({ id, status: 'approved', transaction_amount: 250, external_reference: `${rule}-1`, metadata: { ghl_contact_id: contactId } });
      await f.t.db.recordPaymentState({
        mpPaymentId: String(id), status: 'approved', statusDetail: null, amount: null, currency: null, description: null, externalReference: null,
        payerEmail: null, dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: '{}', ghlContactId: contactId,
      }, null, 1);
      await f.t.db.reserveAction({
        subject: `payment:${id}`, status: 'approved', round: 1, rule, actionIndex: 0, kind, contactId, eventId: 999_002, leaseMs: 1000, now: 1,
      });
    };
    /** What the dead worker sent before it died: the same request, straight to GoHighLevel. */
    const deadWorkerCall = async (method: string, path: string, body: unknown) => {
      const answer = await fetch(`${f.ghl.url}${path}`, {
        method, body: JSON.stringify(body),
        headers: { authorization: `Bearer ${f.ghl.token}`, version: '2021-07-28', 'content-type': 'application/json' },
      });
      expect(answer.ok).toBe(true);
    };
    const callsTo = (method: string, path: string) => f.ghl.requests.filter((r) => r.method === method && r.path === path);
    const ledgerOf = async (id: number) => (await f.t.db.listActions(`payment:${id}`)).map((a) => [a.kind, a.state, a.detail]);

    it('removeTags: the tag already gone (the dead worker\'s call went through) is recorded done without a second DELETE', async () => {
      await paymentWithDeadReservation(5511, 'quita', 'removeTags', 'c-quita');
      await deadWorkerCall('DELETE', '/contacts/c-quita/tags', { tags: ['pago-pendiente'] });
      const before = callsTo('DELETE', '/contacts/c-quita/tags').length;
      await processEvent(await f.event(5511), f.ctx);
      expect(callsTo('DELETE', '/contacts/c-quita/tags')).toHaveLength(before);
      expect(callsTo('GET', '/contacts/c-quita')).toHaveLength(1); // the read-back
      expect(await ledgerOf(5511)).toEqual([['removeTags', 'applied', '{"foundDone":true}']]);
    });

    it('removeTags: the tag still there (the dead worker died before its call) is removed', async () => {
      await paymentWithDeadReservation(5512, 'quita', 'removeTags', 'c-quita2');
      await processEvent(await f.event(5512), f.ctx);
      expect(callsTo('DELETE', '/contacts/c-quita2/tags')).toHaveLength(1);
      expect(f.ghl.getContact('c-quita2')?.tags).toEqual([]);
      expect(await ledgerOf(5512)).toEqual([['removeTags', 'applied', '{"tags":["pago-pendiente"]}']]);
    });

    it('addNote: the same note already on the contact is recorded done without a second POST', async () => {
      await paymentWithDeadReservation(5513, 'nota', 'addNote', 'c-nota');
      await deadWorkerCall('POST', '/contacts/c-nota/notes', { body: 'Pago 5513 aprobado' });
      await processEvent(await f.event(5513), f.ctx);
      expect(callsTo('POST', '/contacts/c-nota/notes')).toHaveLength(1); // the dead worker's only
      expect(callsTo('GET', '/contacts/c-nota/notes')).toHaveLength(1);
      expect(f.ghl.notes('c-nota').map((n) => n.body)).toEqual(['Pago 5513 aprobado']);
      expect(await ledgerOf(5513)).toEqual([['addNote', 'applied', '{"foundDone":true}']]);
    });

    it('addNote: a note with another text does not count; the note is added', async () => {
      await paymentWithDeadReservation(5514, 'nota', 'addNote', 'c-nota2');
      await deadWorkerCall('POST', '/contacts/c-nota2/notes', { body: 'Pago 5514 pendiente' });
      await processEvent(await f.event(5514), f.ctx);
      expect(f.ghl.notes('c-nota2').map((n) => n.body)).toEqual(['Pago 5514 pendiente', 'Pago 5514 aprobado']);
      expect(await ledgerOf(5514)).toEqual([['addNote', 'applied', expect.stringMatching(/^\{"noteId":"\w+"\}$/)]]);
    });

    it('addToWorkflow: GoHighLevel cannot show an enrolment, so it is sent again (the documented exception)', async () => {
      await paymentWithDeadReservation(5515, 'flujo', 'addToWorkflow', 'c-flujo');
      await deadWorkerCall('POST', '/contacts/c-flujo/workflow/wf-bienvenida', {});
      await processEvent(await f.event(5515), f.ctx);
      expect(f.ghl.workflowCalls().filter((c) => c.contactId === 'c-flujo').map((c) => c.action)).toEqual(['added', 'added']);
      expect(f.ghl.requests.filter((r) => r.method === 'GET')).toEqual([]); // nothing to read back
      expect(await ledgerOf(5515)).toEqual([['addToWorkflow', 'applied', '{"workflowId":"wf-bienvenida"}']]);
    });

    it('setCustomFields: sent again with the same value (a repetition changes nothing)', async () => {
      const field = f.ghl.addCustomField({ key: 'mp_amount', dataType: 'MONETORY' });
      await paymentWithDeadReservation(5516, 'campos', 'setCustomFields', 'c-campos');
      await deadWorkerCall('PUT', '/contacts/c-campos', { customFields: [{ id: field, field_value: '250' }] });
      await processEvent(await f.event(5516), f.ctx);
      expect(callsTo('PUT', '/contacts/c-campos')).toHaveLength(2);
      expect(f.ghl.customFieldValues('c-campos')).toEqual({ [field]: '250' });
      expect(await ledgerOf(5516)).toEqual([['setCustomFields', 'applied', '{"fields":{"mp_amount":"250"}}']]);
    });

    it('upsertOpportunity: sent again, and GoHighLevel\'s upsert keeps one opportunity', async () => {
      await paymentWithDeadReservation(5517, 'oportunidad', 'upsertOpportunity', 'c-oportunidad');
      await deadWorkerCall('POST', '/opportunities/upsert', {
        locationId: 'loc-test', pipelineId: 'pl-1', pipelineStageId: 'st-pagado', contactId: 'c-oportunidad', status: 'won', name: 'x', monetaryValue: 250,
      });
      await processEvent(await f.event(5517), f.ctx);
      expect(callsTo('POST', '/opportunities/upsert')).toHaveLength(2);
      expect(f.ghl.opportunities()).toEqual([expect.objectContaining({ contactId: 'c-oportunidad', pipelineStageId: 'st-pagado', status: 'won', monetaryValue: 250 })]);
      expect(await ledgerOf(5517)).toEqual([['upsertOpportunity', 'applied', expect.stringMatching(/^\{"opportunityId":"\w+"\}$/)]]);
    });
  });

  describe('more MercadoPago topics', () => {
    const SUBSCRIPTION_RULES = `
rules:
  - name: suscripcion activa
    when: { on: subscription, status: authorized }
    actions:
      - addTags: [suscriptor]
      - addNote: "Suscripción {{subscription.id}} ({{subscription.reason}}) activa: {{subscription.currency_id}} {{subscription.transaction_amount}}"
  - name: suscripcion cancelada
    when: { on: subscription, status: cancelled }
    actions:
      - removeTags: [suscriptor]
  - name: cuota cobrada
    when: { status: approved, topic: subscription_authorized_payment }
    actions:
      - addTags: [cuota-pagada]
  - name: aprobado
    when: { status: approved }
    actions:
      - addTags: [pago-aprobado]
  - name: contracargo
    when: { status: charged_back }
    actions:
      - removeTags: [pago-aprobado]
      - addTags: [contracargo]
`;
    beforeEach(async () => { f = await createPipelineFixture({ env: { RULES_FILE: writeRules(SUBSCRIPTION_RULES) } }); });

    it('a subscription runs the rules on its status, finding its contact by the payer email', async () => {
      f.mp.setPreapproval({ id: 'pre-1', status: 'authorized', payer_email: 'sub@example.com', reason: 'Plan mensual', auto_recurring: { transaction_amount: 4900, currency_id: 'ARS' } });
      const outcome = await processEvent(await f.event('pre-1', 'subscription_preapproval'), f.ctx);
      const contact = f.ghl.findContactByEmail('sub@example.com')!;
      expect(outcome).toMatchObject({ status: 'success', summary: `subscription pre-1 authorized → contact ${contact.id}: add tags suscriptor; add note "Suscripción pre-1 (Plan mensual) activa: ARS 4900"` });
      expect(contact.tags).toEqual(['suscriptor']);
      f.mp.setPreapproval({ id: 'pre-1', status: 'cancelled' });
      await processEvent(await f.event('pre-1', 'subscription_preapproval'), f.ctx);
      expect(f.ghl.findContactByEmail('sub@example.com')!.tags).toEqual([]);
      expect(f.ghl.requests.filter((r) => r.path === '/contacts/upsert')).toHaveLength(1); // the stored contact is reused
    });

    it('a subscription charge processes its payment, and rules can tell it apart by topic', async () => {
      f.mp.setPreapproval({ id: 'pre-2', status: 'authorized', payer_email: 'cuota@example.com' });
      f.mp.setPayment({ id: 5201, status: 'approved', payer: { email: 'cuota@example.com' } });
      f.mp.setAuthorizedPayment({ id: 7001, preapproval_id: 'pre-2', payment: { id: 5201 } });
      const outcome = await processEvent(await f.event(7001, 'subscription_authorized_payment'), f.ctx);
      expect(outcome).toMatchObject({ status: 'success', summary: expect.stringMatching(/^subscription charge 7001: payment 5201 approved → contact \S+: add tags cuota-pagada; add tags pago-aprobado$/) });
    });

    it('a chargeback processes its payments: the approval tag goes, contracargo comes', async () => {
      f.ghl.addContact({ id: 'c-cb', email: 'cb@example.com' });
      f.mp.setPayment({ id: 5301, status: 'approved', metadata: { ghl_contact_id: 'c-cb' }, date_last_updated: '2026-12-01T10:00:00.000-03:00' });
      await processEvent(await f.event(5301), f.ctx);
      f.mp.setPayment({ id: 5301, status: 'charged_back', date_last_updated: '2026-12-05T10:00:00.000-03:00' });
      f.mp.setChargeback({ id: 'cb-1', payments: [5301] });
      const outcome = await processEvent(await f.event('cb-1', 'chargeback'), f.ctx);
      expect(outcome).toMatchObject({ status: 'success', summary: 'chargeback cb-1: payment 5301 charged_back → contact c-cb: remove tags pago-aprobado; add tags contracargo' });
      expect(f.ghl.getContact('c-cb')?.tags).toEqual(['contracargo']);
    });

    it('an Orders API order is recorded as one payment with its status in the Payments API\'s words', async () => {
      f.ghl.addContact({ id: 'c-ord', email: 'orden@example.com' });
      f.mp.setOrder({ id: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', status: 'processed', external_reference: 'ext-ord', payer: { email: 'orden@example.com' } });
      const outcome = await processEvent(await f.event('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', 'order'), f.ctx);
      expect(outcome).toMatchObject({ status: 'success', summary: expect.stringMatching(/^payment ORD01JQ4S4KY8HWQ6NA5PXB65B3D3 approved → contact \S+: add tags pago-aprobado$/) });
      const row = await f.t.db.knex('payments').where('mp_payment_id', 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3').first();
      expect(row).toMatchObject({ status: 'approved', external_reference: 'ext-ord', payer_email: 'orden@example.com' });
      expect(f.mp.requests.some((r) => r.path.startsWith('/v1/payments/'))).toBe(false); // its payments are not Payments API payments
    });

    it('a payment of another account (403) fails for good with a clear reason', async () => {
      f.mp.setPayment({ id: 5401, status: 'approved', payer: { email: 'x@example.com' } });
      f.mp.addForeignResource('payment', 5401);
      const error = await rejectionOf(processEvent(await f.event(5401), f.ctx));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe('MercadoPago refused payment 5401: it belongs to another account than MP_ACCESS_TOKEN\'s (HTTP 403)');
    });
  });
});

describe('the contact cache: a buyer seen before costs no upsert', () => {
  let f: PipelineFixture;
  beforeEach(async () => { f = await createPipelineFixture({ env: { GHL_STATUS_TAGS: 'approved:pago-aprobado' } }); });
  afterEach(async () => { await f.close(); });
  const upserts = () => f.ghl.requests.filter((r) => r.path === '/contacts/upsert').length;

  it('a second payment by the same email reuses the contact: one GoHighLevel call (the tag) instead of two', async () => {
    f.mp.setPayment({ id: 5601, status: 'approved', payer: { email: 'Vuelve@Example.com' } });
    f.mp.setPayment({ id: 5602, status: 'approved', payer: { email: 'vuelve@example.com' } });
    await processEvent(await f.event(5601), f.ctx);
    const before = f.ghl.requests.length;
    const second = await processEvent(await f.event(5602), f.ctx);
    expect(f.ghl.requests.length - before).toBe(1);
    expect(upserts()).toBe(1);
    const contact = f.ghl.findContactByEmail('vuelve@example.com')!;
    expect(second).toMatchObject({ summary: `payment 5602 approved → contact ${contact.id}: add tags pago-aprobado` });
  });

  it('a cached contact GoHighLevel no longer knows (deleted or merged) is looked up again once, never tagged', async () => {
    await f.t.db.rememberContact('loc-test', 'gone@example.com', 'c-deleted', 1);
    f.mp.setPayment({ id: 5603, status: 'approved', payer: { email: 'gone@example.com' } });
    const outcome = await processEvent(await f.event(5603), f.ctx);
    const contact = f.ghl.findContactByEmail('gone@example.com')!;
    expect(contact.id).not.toBe('c-deleted');
    expect(outcome).toMatchObject({ status: 'success', summary: `payment 5603 approved → contact ${contact.id}: add tags pago-aprobado` });
    expect(f.ghl.tagCalls()).toEqual([expect.objectContaining({ contactId: contact.id })]);
    expect(await f.t.db.findCachedContact('loc-test', 'gone@example.com')).toBe(contact.id);
    expect((await f.t.db.knex('payments').where('mp_payment_id', '5603').first()).ghl_contact_id).toBe(contact.id);
  });
});
