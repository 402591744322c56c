/**
 * Runs GoHighLevel's official SDK (@gohighlevel/api-client) against the fake GoHighLevel, for every endpoint the
 * product uses: what the SDK sends, the fake must accept (and record as sent); what GoHighLevel refuses (a property
 * the spec does not declare), the fake must refuse as GoHighLevel does (422, class-validator's message).
 *
 * The SDK's base URL is a private constant (HighLevel.BASE_URL), but every service sends a relative URL through the
 * one axios instance that `getHttpClient()` returns: its `defaults.baseURL` points the whole SDK at the fake.
 */
import { GHLError, HighLevel } from '@gohighlevel/api-client';
import type { UpsertOpportunityDto } from '@gohighlevel/api-client/dist/lib/code/opportunities/models/opportunities';
import { createFakeGhl, FakeGhl } from '@ghl-payments/sandbox';

const TOKEN = 'pit-sdk-fidelity-token';

describe('the official GoHighLevel SDK against the fake GoHighLevel', () => {
  let ghl: FakeGhl;
  let sdk: HighLevel;
  let contactId: string;

  /** An SDK client aimed at the fake; `apiVersion` as the SDK's caller would set it (default: the SDK's own). */
  const createSdk = (apiVersion?: string): HighLevel => {
    const client = new HighLevel({ privateIntegrationToken: TOKEN, logLevel: 'none', ...(apiVersion ? { apiVersion } : {}) });
    client.getHttpClient().defaults.baseURL = ghl.url;
    client.getHttpClient().defaults.proxy = false;
    return client;
  };
  /** The SDK's error for a call the fake refused (the SDK turns every non-2xx answer into a GHLError). */
  const refusal = async (call: Promise<unknown>): Promise<GHLError> => {
    try {
      await call;
    } catch (err) {
      if (err instanceof GHLError) return err;
      throw err;
    }
    throw new Error('the call succeeded; expected the fake to refuse it');
  };
  const lastRequest = () => ghl.requests[ghl.requests.length - 1];
  const unprocessable = (...message: string[]) => ({ statusCode: 422, message, error: 'Unprocessable Entity' });

  beforeAll(async () => { ghl = await createFakeGhl({ token: TOKEN, locationId: 'loc-sdk' }); });
  beforeEach(() => {
    ghl.reset();
    sdk = createSdk('2021-07-28');
    contactId = ghl.addContact({ email: 'sdk@example.com', tags: ['existing'] }).id;
  });
  afterAll(async () => { await ghl.close(); });

  it('contacts.upsertContact: accepted and recorded as sent; an undeclared property is a 422', async () => {
    const answer = await sdk.contacts.upsertContact({ locationId: 'loc-sdk', email: 'new@example.com', firstName: 'Ana', lastName: null as unknown as string });
    expect(answer).toMatchObject({ new: true, contact: { id: expect.any(String), email: 'new@example.com', firstName: 'Ana' } });
    expect(lastRequest()).toMatchObject({
      method: 'POST', path: '/contacts/upsert', body: { locationId: 'loc-sdk', email: 'new@example.com', firstName: 'Ana', lastName: null },
      headers: { authorization: `Bearer ${TOKEN}`, version: '2021-07-28' },
    });
    const error = await refusal(sdk.contacts.upsertContact({ locationId: 'loc-sdk', email: 'x@example.com', paymentId: '1' } as never));
    expect(error.statusCode).toBe(422);
    expect(error.response).toEqual(unprocessable('property paymentId should not exist'));
  });

  it('contacts.addTags and removeTags: accepted and recorded; an undeclared property is a 422', async () => {
    expect(await sdk.contacts.addTags({ contactId }, { tags: ['pago-aprobado'] })).toMatchObject({ tags: ['existing', 'pago-aprobado'] });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/tags`, body: { tags: ['pago-aprobado'] } });
    expect(await sdk.contacts.removeTags({ contactId }, { tags: ['existing'] })).toMatchObject({ tags: ['pago-aprobado'] });
    expect(lastRequest()).toMatchObject({ method: 'DELETE', path: `/contacts/${contactId}/tags`, body: { tags: ['existing'] } });
    expect(ghl.getContact(contactId)?.tags).toEqual(['pago-aprobado']);
    const add = await refusal(sdk.contacts.addTags({ contactId }, { tags: ['x'], contactId } as never));
    expect([add.statusCode, add.response]).toEqual([422, unprocessable('property contactId should not exist')]);
    const remove = await refusal(sdk.contacts.removeTags({ contactId }, { tag: 'x' } as never));
    expect([remove.statusCode, remove.response]).toEqual([422, unprocessable('property tag should not exist', 'tags should not be empty')]);
  });

  it('contacts.updateContact with customFields: accepted and stored; an undeclared item property is a 422', async () => {
    const fieldId = ghl.addCustomField({ key: 'mp_amount', dataType: 'MONETORY' });
    const answer = await sdk.contacts.updateContact({ contactId }, { customFields: [{ id: fieldId, field_value: '99.90' }] });
    expect(answer).toMatchObject({ succeded: true, contact: { id: contactId } });
    expect(lastRequest()).toMatchObject({ method: 'PUT', path: `/contacts/${contactId}`, body: { customFields: [{ id: fieldId, field_value: '99.90' }] } });
    expect(ghl.customFieldValues(contactId)).toEqual({ [fieldId]: '99.90' });
    const error = await refusal(sdk.contacts.updateContact({ contactId }, { customFields: [{ id: fieldId, value: '1' }] } as never));
    expect([error.statusCode, error.response]).toEqual([422, unprocessable('property customFields.0.value should not exist')]);
  });

  it('contacts.createNote: accepted, answered 201 with the note; an undeclared property is a 422', async () => {
    const answer = await sdk.contacts.createNote({ contactId }, { body: 'Pago 5 aprobado' });
    expect(answer.note).toMatchObject({ id: expect.any(String), body: 'Pago 5 aprobado', contactId });
    expect(ghl.notes(contactId).map((n) => n.id)).toEqual([answer.note?.id]);
    expect(lastRequest()).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/notes`, body: { body: 'Pago 5 aprobado' } });
    const error = await refusal(sdk.contacts.createNote({ contactId }, { body: 'x', locationId: 'loc-sdk' } as never));
    expect([error.statusCode, error.response]).toEqual([422, unprocessable('property locationId should not exist')]);
  });

  it('contacts.addContactToWorkflow and deleteContactFromWorkflow: accepted and recorded; an undeclared property is a 422', async () => {
    expect(await sdk.contacts.addContactToWorkflow({ contactId, workflowId: 'wf-1' }, { eventStartTime: '2026-03-01T10:00:00-03:00' })).toEqual({ succeded: true });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: `/contacts/${contactId}/workflow/wf-1`, body: { eventStartTime: '2026-03-01T10:00:00-03:00' } });
    expect(await sdk.contacts.deleteContactFromWorkflow({ contactId, workflowId: 'wf-1' }, {})).toEqual({ succeded: true });
    expect(lastRequest()).toMatchObject({ method: 'DELETE', path: `/contacts/${contactId}/workflow/wf-1` });
    expect(ghl.workflowCalls().map((c) => c.action)).toEqual(['added', 'removed']);
    const error = await refusal(sdk.contacts.addContactToWorkflow({ contactId, workflowId: 'wf-1' }, { startNow: true } as never));
    expect([error.statusCode, error.response]).toEqual([422, unprocessable('property startNow should not exist')]);
  });

  it('contacts.getContact: the contact with the fields the product reads (tags, email, names, phone, custom field values)', async () => {
    const fieldId = ghl.addCustomField({ key: 'mp_amount', dataType: 'MONETORY' });
    const seeded = ghl.addContact({ email: 'Ana.Read@example.com', firstName: 'Ana', lastName: 'Read', phone: '+5491100000000', tags: ['vip'] }).id;
    await sdk.contacts.updateContact({ contactId: seeded }, { customFields: [{ id: fieldId, field_value: '1500' }] });
    const answer = await sdk.contacts.getContact({ contactId: seeded });
    expect(answer.contact).toMatchObject({
      id: seeded, locationId: 'loc-sdk', email: 'Ana.Read@example.com', firstName: 'Ana', lastName: 'Read', phone: '+5491100000000', tags: ['vip'],
      dateAdded: expect.any(String), customFields: [{ id: fieldId, value: '1500' }],
    });
    expect(lastRequest()).toMatchObject({ method: 'GET', path: `/contacts/${seeded}`, headers: { authorization: `Bearer ${TOKEN}`, version: '2021-07-28' } });
    const foreign = ghl.addContact({ email: 'other@example.com', locationId: 'loc-other' }).id;
    const error = await refusal(sdk.contacts.getContact({ contactId: foreign }));
    expect([error.statusCode, error.response]).toEqual([403, { statusCode: 403, message: 'The token does not have access to this location.' }]);
  });

  it('contacts.getAllNotes: the contact\'s notes with id, body, contactId and dateAdded, oldest first', async () => {
    expect(await sdk.contacts.getAllNotes({ contactId })).toEqual({ notes: [] });
    const first = await sdk.contacts.createNote({ contactId }, { body: 'Pago 1 aprobado' });
    await sdk.contacts.createNote({ contactId }, { body: 'Pago 1 refunded', title: 'Reembolso' });
    const answer = await sdk.contacts.getAllNotes({ contactId });
    expect(answer.notes).toEqual([
      { id: first.note?.id, body: 'Pago 1 aprobado', contactId, dateAdded: expect.any(String) },
      { id: expect.any(String), body: 'Pago 1 refunded', title: 'Reembolso', contactId, dateAdded: expect.any(String) },
    ]);
    expect(lastRequest()).toMatchObject({ method: 'GET', path: `/contacts/${contactId}/notes`, headers: { version: '2021-07-28' } });
  });

  it('opportunities.upsertOpportunity: the product\'s body and the SDK-typed body (followers) are accepted; an undeclared property is a 422', async () => {
    // SDK 3.x types UpsertOpportunityDto from the 2026-05 spec, which lacks contactId (see ghl-request-dtos.ts)
    const product = { locationId: 'loc-sdk', pipelineId: 'pipe-1', pipelineStageId: 'stage-1', contactId, name: 'Pago 5', status: 'open', monetaryValue: 99.9 };
    const created = await sdk.opportunities.upsertOpportunity(product as unknown as UpsertOpportunityDto);
    expect(created).toMatchObject({ new: true, opportunity: { id: expect.any(String), contactId, pipelineId: 'pipe-1', monetaryValue: 99.9 } });
    expect(lastRequest()).toMatchObject({ method: 'POST', path: '/opportunities/upsert', body: product });
    const typed: UpsertOpportunityDto & { contactId: string } = {
      pipelineId: 'pipe-1', locationId: 'loc-sdk', contactId, followers: [], isRemoveAllFollowers: false, followersActionType: 'add', status: 'won',
    };
    const updated = await sdk.opportunities.upsertOpportunity(typed);
    expect(updated).toMatchObject({ new: false, opportunity: { id: created.opportunity.id, status: 'won' } });
    const error = await refusal(sdk.opportunities.upsertOpportunity({ ...product, stageName: 'Won' } as unknown as UpsertOpportunityDto));
    expect([error.statusCode, error.response]).toEqual([422, unprocessable('property stageName should not exist')]);
  });

  it('locations.getLocation: accepted; another location is a 403', async () => {
    expect(await sdk.locations.getLocation({ locationId: 'loc-sdk' })).toMatchObject({ location: { id: 'loc-sdk' } });
    expect(lastRequest()).toMatchObject({ method: 'GET', path: '/locations/loc-sdk', headers: { version: '2021-07-28' } });
    const error = await refusal(sdk.locations.getLocation({ locationId: 'loc-other' }));
    expect([error.statusCode, error.response]).toEqual([403, { statusCode: 403, message: 'The token does not have access to this location.' }]);
  });

  it('locations.getCustomFields: accepted with the model query; an unknown model is a 422', async () => {
    const fieldId = ghl.addCustomField({ key: 'mp_amount', name: 'MP amount', dataType: 'MONETORY' });
    const answer = await sdk.locations.getCustomFields({ locationId: 'loc-sdk', model: 'contact' });
    expect(answer.customFields).toEqual([expect.objectContaining({ id: fieldId, name: 'MP amount', fieldKey: 'contact.mp_amount', dataType: 'MONETORY' })]);
    expect(lastRequest()).toMatchObject({ method: 'GET', path: '/locations/loc-sdk/customFields', query: { model: 'contact' } });
    const error = await refusal(sdk.locations.getCustomFields({ locationId: 'loc-sdk', model: 'deal' as never }));
    expect(error.statusCode).toBe(422);
  });

  it('accepts the SDK\'s default Version (2023-02-21, a published version) and refuses an unpublished one with 401', async () => {
    const byDefault = createSdk();
    await byDefault.contacts.addTags({ contactId }, { tags: ['default-version'] });
    expect(lastRequest().headers.version).toBe('2023-02-21');
    const invented = createSdk('2020-01-01');
    const error = await refusal(invented.locations.getLocation({ locationId: 'loc-sdk' }));
    expect([error.statusCode, error.response]).toEqual([401, { statusCode: 401, message: 'version header is invalid' }]);
  });
});
