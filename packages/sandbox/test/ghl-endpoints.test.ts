import { createFakeGhl, FakeGhl } from '@ghl-payments/sandbox';
import { ghlAuth, http } from './http-client';

const FORBIDDEN = { statusCode: 403, message: 'The token does not have access to this location.' };
const unprocessable = (...message: string[]) => ({ statusCode: 422, message, error: 'Unprocessable Entity' });

describe('fake GoHighLevel: custom fields, notes, workflows, opportunities and validation', () => {
  let ghl: FakeGhl;
  beforeAll(async () => { ghl = await createFakeGhl(); });
  afterEach(() => { ghl.reset(); ghl.setRateLimit(null); });
  afterAll(async () => { await ghl.close(); });

  const url = (path: string) => `${ghl.url}${path}`;

  it('lists the location\'s seeded custom fields, filtered by model, and refuses another location with 403', async () => {
    const amount = ghl.addCustomField({ key: 'mp_amount', name: 'MP amount', dataType: 'MONETORY' });
    const deal = ghl.addCustomField({ key: 'opportunity.mp_reference' });
    expect(ghl.addCustomField({ key: 'contact.mp_status' })).toMatch(/^[0-9a-f]{20}$/);
    expect(() => ghl.addCustomField({ key: 'contact.mp_amount' })).toThrow(/already exists/);

    const all = await http.get(url('/locations/loc-test/customFields'), ghlAuth());
    expect(all.status).toBe(200);
    expect(all.data.customFields).toHaveLength(3);
    expect(all.data.customFields[0]).toEqual({
      id: amount, name: 'MP amount', fieldKey: 'contact.mp_amount', placeholder: '', dataType: 'MONETORY', position: 0,
      picklistOptions: [], locationId: 'loc-test', model: 'contact',
    });
    const contactOnly = await http.get(url('/locations/loc-test/customFields?model=contact'), ghlAuth());
    expect(contactOnly.data.customFields.map((f: { fieldKey: string }) => f.fieldKey)).toEqual(['contact.mp_amount', 'contact.mp_status']);
    const opportunity = await http.get(url('/locations/loc-test/customFields?model=opportunity'), ghlAuth());
    expect(opportunity.data.customFields).toEqual([expect.objectContaining({ id: deal, fieldKey: 'opportunity.mp_reference', model: 'opportunity' })]);
    const badModel = await http.get(url('/locations/loc-test/customFields?model=deal'), ghlAuth());
    expect(badModel.status).toBe(422);
    const other = await http.get(url('/locations/loc-other/customFields'), ghlAuth());
    expect(other.status).toBe(403);
    expect(other.data).toEqual(FORBIDDEN);
  });

  it('stores custom field values from PUT /contacts/{id}, keeps the others, and answers them on GET', async () => {
    const { id } = ghl.addContact({ email: 'cf@example.com' });
    const amount = ghl.addCustomField({ key: 'mp_amount' });
    const status = ghl.addCustomField({ key: 'mp_status' });
    const first = await http.put(url(`/contacts/${id}`), { customFields: [{ id: amount, field_value: '150.5' }, { id: status, key: 'mp_status', field_value: 'approved' }] }, ghlAuth());
    expect(first.status).toBe(200);
    expect(first.data).toMatchObject({ succeded: true, contact: { id, customFields: [{ id: amount, value: '150.5' }, { id: status, value: 'approved' }] } });
    await http.put(url(`/contacts/${id}`), { customFields: [{ id: status, field_value: 'refunded' }], firstName: 'Cefe' }, ghlAuth());
    expect(ghl.customFieldValues(id)).toEqual({ [amount]: '150.5', [status]: 'refunded' });
    expect(ghl.getContact(id)).toMatchObject({ firstName: 'Cefe', email: 'cf@example.com' });
    const read = await http.get(url(`/contacts/${id}`), ghlAuth());
    expect(read.data.contact.customFields).toEqual([{ id: amount, value: '150.5' }, { id: status, value: 'refunded' }]);
  });

  it('rejects a contact update GoHighLevel\'s UpdateContactDto does not allow with 422, changing nothing', async () => {
    const { id } = ghl.addContact({ email: 'bad-cf@example.com' });
    const cases: Array<[unknown, string[]]> = [
      [{ customFields: [{ key: 'mp_amount', field_value: '1' }] }, ['customFields.0.id should not be empty']],
      [{ customFields: [{ id: 'f1', value: '1' }] }, ['property customFields.0.value should not exist']],
      [{ customFields: { id: 'f1' } }, ['customFields must be an array']],
      [{ customFields: ['f1'] }, ['nested property customFields must be either object or array']],
      [{ gender: 'male' }, ['property gender should not exist']],
      [{ locationId: 'loc-test' }, ['property locationId should not exist']],
      [{ dnd: 'yes', email: 'nope' }, ['email must be an email', 'dnd must be a boolean value']],
    ];
    for (const [body, message] of cases) {
      const res = await http.put(url(`/contacts/${id}`), body, ghlAuth());
      expect(res.status).toBe(422);
      expect(res.data).toEqual(unprocessable(...message));
    }
    expect(ghl.customFieldValues(id)).toEqual({});
  });

  it('adds notes (201 with the note) and lists them per contact', async () => {
    const { id } = ghl.addContact({ email: 'notes@example.com' });
    const res = await http.post(url(`/contacts/${id}/notes`), { body: 'Pago 123 aprobado', userId: 'user-1' }, ghlAuth());
    expect(res.status).toBe(201);
    expect(res.data.note).toEqual({ id: expect.stringMatching(/^[0-9a-f]{20}$/), body: 'Pago 123 aprobado', userId: 'user-1', contactId: id, dateAdded: expect.any(String) });
    await http.post(url(`/contacts/${id}/notes`), { body: 'second', pinned: true }, ghlAuth());
    expect(ghl.notes(id).map((n) => n.body)).toEqual(['Pago 123 aprobado', 'second']);
    expect(ghl.notes('someone-else')).toEqual([]);
    const missing = await http.post(url(`/contacts/${id}/notes`), { userId: 'user-1' }, ghlAuth());
    expect(missing.data).toEqual(unprocessable('body should not be empty'));
    const extra = await http.post(url(`/contacts/${id}/notes`), { body: 'x', contactId: id }, ghlAuth());
    expect(extra.data).toEqual(unprocessable('property contactId should not exist'));
    expect(ghl.notes(id)).toHaveLength(2);
  });

  it('enrols a contact in a workflow and removes it, recording both; an empty body is accepted', async () => {
    const { id } = ghl.addContact({ email: 'wf@example.com' });
    const added = await http.post(url(`/contacts/${id}/workflow/wf-1`), {}, ghlAuth());
    expect(added.status).toBe(200);
    expect(added.data).toEqual({ succeded: true });
    await http.post(url(`/contacts/${id}/workflow/wf-2`), { eventStartTime: '2026-01-02T03:04:05Z' }, ghlAuth());
    expect(ghl.workflowsOf(id)).toEqual(['wf-1', 'wf-2']);
    const removed = await http.delete(url(`/contacts/${id}/workflow/wf-1`), ghlAuth());
    expect(removed.status).toBe(200);
    expect(ghl.workflowsOf(id)).toEqual(['wf-2']);
    expect(ghl.workflowCalls()).toEqual([
      { contactId: id, workflowId: 'wf-1', action: 'added', at: expect.any(Number) },
      { contactId: id, workflowId: 'wf-2', action: 'added', eventStartTime: '2026-01-02T03:04:05Z', at: expect.any(Number) },
      { contactId: id, workflowId: 'wf-1', action: 'removed', at: expect.any(Number) },
    ]);
    const extra = await http.post(url(`/contacts/${id}/workflow/wf-3`), { workflowId: 'wf-3' }, ghlAuth());
    expect(extra.data).toEqual(unprocessable('property workflowId should not exist'));
    expect((await http.post(url('/contacts/nobody/workflow/wf-3'), {}, ghlAuth())).status).toBe(400);
    expect(ghl.workflowCalls()).toHaveLength(3);
  });

  it('upserts one opportunity per contact and pipeline, by id when given, and says whether it is new', async () => {
    const { id: contactId } = ghl.addContact({ email: 'opp@example.com' });
    const body = { locationId: 'loc-test', pipelineId: 'pipe-1', pipelineStageId: 'stage-1', contactId, name: 'Pago 1', status: 'open', monetaryValue: 100 };
    const created = await http.post(url('/opportunities/upsert'), body, ghlAuth());
    expect(created.status).toBe(200);
    expect(created.data).toMatchObject({ new: true, opportunity: { id: expect.any(String), pipelineId: 'pipe-1', pipelineStageId: 'stage-1', contactId, locationId: 'loc-test', name: 'Pago 1', status: 'open', monetaryValue: 100 } });
    const won = await http.post(url('/opportunities/upsert'), { ...body, pipelineStageId: 'stage-2', status: 'won' }, ghlAuth());
    expect(won.data).toMatchObject({ new: false, opportunity: { id: created.data.opportunity.id, pipelineStageId: 'stage-2', status: 'won' } });
    const otherPipeline = await http.post(url('/opportunities/upsert'), { ...body, pipelineId: 'pipe-2' }, ghlAuth());
    expect(otherPipeline.data.new).toBe(true);
    const byId = await http.post(url('/opportunities/upsert'), { ...body, id: created.data.opportunity.id, status: 'lost' }, ghlAuth());
    expect(byId.data).toMatchObject({ new: false, opportunity: { id: created.data.opportunity.id, status: 'lost' } });
    expect((await http.post(url('/opportunities/upsert'), { ...body, id: 'no-such-opportunity' }, ghlAuth())).status).toBe(400);
    expect(ghl.opportunities().map((o) => [o.pipelineId, o.status])).toEqual([['pipe-1', 'lost'], ['pipe-2', 'open']]);
  });

  it('rejects an opportunity upsert with missing, wrong-typed or unknown properties (422) or another location (403)', async () => {
    const { id: contactId } = ghl.addContact({ email: 'opp-bad@example.com' });
    const { id: stranger } = ghl.addContact({ email: 'stranger@example.com', locationId: 'loc-other' });
    const body = { locationId: 'loc-test', pipelineId: 'pipe-1', contactId };
    const cases: Array<[unknown, string[]]> = [
      [{ locationId: 'loc-test' }, ['pipelineId should not be empty', 'contactId should not be empty']],
      [{ ...body, status: 'closed' }, ['status must be one of the following values: open, won, lost, abandoned, all']],
      [{ ...body, monetaryValue: '100' }, ['monetaryValue must be a number conforming to the specified constraints']],
      [{ ...body, pipelineStageName: 'Won' }, ['property pipelineStageName should not exist']],
    ];
    for (const [payload, message] of cases) {
      const res = await http.post(url('/opportunities/upsert'), payload, ghlAuth());
      expect(res.status).toBe(422);
      expect(res.data).toEqual(unprocessable(...message));
    }
    const elsewhere = await http.post(url('/opportunities/upsert'), { ...body, locationId: 'loc-other' }, ghlAuth());
    expect(elsewhere.status).toBe(403);
    const strangersContact = await http.post(url('/opportunities/upsert'), { ...body, contactId: stranger }, ghlAuth());
    expect(strangersContact.data).toEqual(FORBIDDEN);
    expect(ghl.opportunities()).toEqual([]);
  });

  it('answers 403 for every call about a contact of another location', async () => {
    const { id } = ghl.addContact({ email: 'other@example.com', locationId: 'loc-other', tags: ['keep'] });
    expect(ghl.getContact(id)).toMatchObject({ locationId: 'loc-other' });
    const answers = await Promise.all([
      http.get(url(`/contacts/${id}`), ghlAuth()),
      http.post(url(`/contacts/${id}/tags`), { tags: ['x'] }, ghlAuth()),
      http.delete(url(`/contacts/${id}/tags`), { ...ghlAuth(), data: { tags: ['keep'] } }),
      http.put(url(`/contacts/${id}`), { firstName: 'X' }, ghlAuth()),
      http.post(url(`/contacts/${id}/notes`), { body: 'x' }, ghlAuth()),
      http.post(url(`/contacts/${id}/workflow/wf-1`), {}, ghlAuth()),
      http.get(url('/contacts/search/duplicate?locationId=loc-other&email=other%40example.com'), ghlAuth()),
    ]);
    for (const res of answers) expect(res.data).toEqual(FORBIDDEN);
    expect(ghl.getContact(id)?.tags).toEqual(['keep']);
    expect(ghl.findContactByEmail('other@example.com')).toBeUndefined();
  });

  it('refuses unknown properties on the upsert and tag bodies too, as GoHighLevel\'s whitelist does', async () => {
    const upsert = await http.post(url('/contacts/upsert'), { locationId: 'loc-test', email: 'w@example.com', payment: 1 }, ghlAuth());
    expect(upsert.data).toEqual(unprocessable('property payment should not exist'));
    const { id } = ghl.addContact({ email: 'w@example.com' });
    const tags = await http.post(url(`/contacts/${id}/tags`), { tags: ['a'], locationId: 'loc-test' }, ghlAuth());
    expect(tags.data).toEqual(unprocessable('property locationId should not exist'));
    const noEmailNorPhone = await http.post(url('/contacts/upsert'), { locationId: 'loc-test', firstName: 'N' }, ghlAuth());
    expect(noEmailNorPhone.data).toEqual(unprocessable('email or phone should not be empty'));
    const nullable = await http.post(url('/contacts/upsert'), { locationId: 'loc-test', email: 'n@example.com', firstName: null, companyName: null }, ghlAuth());
    expect(nullable.status).toBe(200);
    expect(ghl.getContact(id)?.tags).toEqual([]);
  });

  it('counts every endpoint in the rate limit and records every request', async () => {
    ghl.setRateLimit({ requests: 3, perMs: 60_000 });
    const { id } = ghl.addContact({ email: 'rl@example.com' });
    const answers = [
      await http.post(url(`/contacts/${id}/notes`), { body: 'a' }, ghlAuth()),
      await http.get(url('/locations/loc-test/customFields'), ghlAuth()),
      await http.post(url(`/contacts/${id}/workflow/wf`), {}, ghlAuth()),
      await http.put(url(`/contacts/${id}`), { firstName: 'R' }, ghlAuth()),
    ];
    expect(answers.map((r) => r.status)).toEqual([201, 200, 200, 429]);
    expect(ghl.rateLimited()).toBe(1);
    expect(ghl.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /contacts/${id}/notes`, 'GET /locations/loc-test/customFields', `POST /contacts/${id}/workflow/wf`, `PUT /contacts/${id}`,
    ]);
  });
});
