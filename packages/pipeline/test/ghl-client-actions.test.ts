import { PermanentError, RetryableError } from '@ghl-payments/core';
import { createGhlClient, GHL_SCOPES, GhlClient, GhlClientOptions } from '@ghl-payments/pipeline';
import { createFakeGhl, FakeGhl, ghlUnprocessable } from '@ghl-payments/sandbox';
import { rejectionOf } from './support/pipeline-fixture';

const TOKEN = 'pit-secret-ghl-token-789';

describe('GhlClient rule actions against the fake GoHighLevel', () => {
  let ghl: FakeGhl;
  const clients: GhlClient[] = [];
  const client = (overrides: Partial<GhlClientOptions> = {}) => {
    const created = createGhlClient({
      apiUrl: ghl.url, token: TOKEN, locationId: 'loc-test', apiVersion: '2021-07-28', timeoutMs: 500, rateLimit: null, now: Date.now, ...overrides,
    });
    clients.push(created);
    return created;
  };
  beforeAll(async () => { ghl = await createFakeGhl({ token: TOKEN, locationId: 'loc-test' }); });
  afterEach(() => { ghl.reset(); clients.splice(0).forEach((c) => c.close()); });
  afterAll(async () => { await ghl.close(); });

  it('removes only the tags named, and makes no call for none', async () => {
    const { id } = ghl.addContact({ email: 'rt@example.com', tags: ['pago-pendiente', 'vip'] });
    const c = client();
    await c.removeTags(id, ['pago-pendiente']);
    await c.removeTags(id, []);
    expect(ghl.getContact(id)?.tags).toEqual(['vip']);
    expect(await c.getContactTags(id)).toEqual(['vip']);
    expect(ghl.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['DELETE', `/contacts/${id}/tags`, { tags: ['pago-pendiente'] }],
      ['GET', `/contacts/${id}`, undefined],
    ]);
  });

  it('lists the location\'s contact custom fields and sets values by field id as {id, field_value}', async () => {
    const amount = ghl.addCustomField({ key: 'mp_amount', name: 'MP amount', dataType: 'MONETORY' });
    const status = ghl.addCustomField({ key: 'mp_status' });
    ghl.addCustomField({ key: 'opportunity.mp_reference' });
    const { id } = ghl.addContact({ email: 'cf@example.com' });
    const c = client();
    expect(await c.listCustomFields()).toEqual([
      { id: amount, name: 'MP amount', fieldKey: 'contact.mp_amount', dataType: 'MONETORY' },
      { id: status, name: 'mp_status', fieldKey: 'contact.mp_status', dataType: 'TEXT' },
    ]);
    await c.setCustomFields(id, [{ id: amount, value: '1500.50' }, { id: status, value: 'approved' }]);
    await c.setCustomFields(id, []);
    expect(ghl.customFieldValues(id)).toEqual({ [amount]: '1500.50', [status]: 'approved' });
    const [list, put] = ghl.requests;
    expect(list).toMatchObject({ method: 'GET', path: '/locations/loc-test/customFields', query: { model: 'contact' } });
    expect(put).toMatchObject({ method: 'PUT', path: `/contacts/${id}`, body: { customFields: [{ id: amount, field_value: '1500.50' }, { id: status, field_value: 'approved' }] } });
    expect(ghl.requests).toHaveLength(2);
  });

  it('adds a note and returns the id GoHighLevel gave it; lists the contact\'s notes', async () => {
    const { id } = ghl.addContact({ email: 'note@example.com' });
    const c = client();
    const noteId = await c.addNote(id, 'Pago 123 aprobado: $1500');
    expect(ghl.notes(id)).toEqual([expect.objectContaining({ id: noteId, body: 'Pago 123 aprobado: $1500', contactId: id })]);
    expect(ghl.requests[0].body).toEqual({ body: 'Pago 123 aprobado: $1500' });
    expect(await c.listNotes(id)).toEqual([{ id: noteId, body: 'Pago 123 aprobado: $1500' }]);
  });

  it('enrols a contact in a workflow and removes it, with an empty body', async () => {
    const { id } = ghl.addContact({ email: 'wf@example.com' });
    const c = client();
    await c.addToWorkflow(id, 'wf-onboarding');
    expect(ghl.workflowsOf(id)).toEqual(['wf-onboarding']);
    await c.removeFromWorkflow(id, 'wf-onboarding');
    expect(ghl.workflowsOf(id)).toEqual([]);
    expect(ghl.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', `/contacts/${id}/workflow/wf-onboarding`, {}],
      ['DELETE', `/contacts/${id}/workflow/wf-onboarding`, {}],
    ]);
  });

  it('makes succeded: false from a workflow call permanent, and refuses a workflow id that is no GHL id without calling', async () => {
    const { id } = ghl.addContact({ email: 'wf2@example.com' });
    ghl.fail({ body: { succeded: false } });
    const refused = await rejectionOf(client().addToWorkflow(id, 'wf-1'));
    expect(refused).toBeInstanceOf(PermanentError);
    expect(refused.message).toBe(`GoHighLevel answered succeded: false to POST /contacts/${id}/workflow/wf-1: check that workflow wf-1 exists and is published`);
    const before = ghl.requests.length;
    expect(await rejectionOf(client().removeFromWorkflow(id, '../tags'))).toBeInstanceOf(PermanentError);
    expect(ghl.requests).toHaveLength(before);
  });

  it('upserts the contact\'s opportunity in the pipeline: created once, then updated, same id', async () => {
    const { id } = ghl.addContact({ email: 'opp@example.com' });
    const c = client();
    const input = { pipelineId: 'pipe-1', pipelineStageId: 'stage-open', contactId: id, name: 'Pago 77', status: 'open' as const, monetaryValue: 1500.5 };
    const first = await c.upsertOpportunity(input);
    const second = await c.upsertOpportunity({ ...input, pipelineStageId: 'stage-won', status: 'won', monetaryValue: undefined });
    expect(second).toBe(first);
    expect(ghl.opportunities()).toEqual([expect.objectContaining({ id: first, contactId: id, pipelineStageId: 'stage-won', status: 'won', monetaryValue: 1500.5, locationId: 'loc-test' })]);
    expect(ghl.requests[0].body).toEqual({ locationId: 'loc-test', pipelineId: 'pipe-1', pipelineStageId: 'stage-open', contactId: id, name: 'Pago 77', status: 'open', monetaryValue: 1500.5 });
    expect(ghl.requests[1].body).not.toHaveProperty('monetaryValue');
  });

  it('sends Bearer and Version 2021-07-28 (every endpoint\'s spec names it) on every call', async () => {
    const { id } = ghl.addContact({ email: 'h@example.com', tags: ['a'] });
    const c = client();
    await c.removeTags(id, ['a']);
    await c.listCustomFields();
    await c.addNote(id, 'n');
    await c.addToWorkflow(id, 'wf');
    await c.upsertOpportunity({ pipelineId: 'p', pipelineStageId: 's', contactId: id, name: 'n', status: 'open' });
    expect(ghl.requests).toHaveLength(5);
    for (const r of ghl.requests) expect(r.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, version: '2021-07-28' });
  });

  it('makes a natural 422 permanent with GoHighLevel\'s message', async () => {
    const { id } = ghl.addContact({ email: 'empty-note@example.com' });
    const error = await rejectionOf(client().addNote(id, ''));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toBe(`GoHighLevel rejected POST /contacts/${id}/notes (HTTP 422: body should not be empty)`);
  });

  /** Each new call, with the operation its errors name and the scope its credentials hint names. */
  const CALLS: Array<{ name: string; scope: string; operation: (id: string) => string; run: (c: GhlClient, id: string) => Promise<unknown> }> = [
    { name: 'removeTags', scope: 'contacts.write', operation: (id) => `DELETE /contacts/${id}/tags`, run: (c, id) => c.removeTags(id, ['x']) },
    { name: 'getContactTags', scope: 'contacts.readonly', operation: (id) => `GET /contacts/${id}`, run: (c, id) => c.getContactTags(id) },
    { name: 'listCustomFields', scope: 'locations/customFields.readonly', operation: () => 'GET /locations/loc-test/customFields?model=contact', run: (c) => c.listCustomFields() },
    { name: 'setCustomFields', scope: 'contacts.write', operation: (id) => `PUT /contacts/${id}`, run: (c, id) => c.setCustomFields(id, [{ id: 'field-1', value: 'v' }]) },
    { name: 'addNote', scope: 'contacts.write', operation: (id) => `POST /contacts/${id}/notes`, run: (c, id) => c.addNote(id, 'n') },
    { name: 'listNotes', scope: 'contacts.readonly', operation: (id) => `GET /contacts/${id}/notes`, run: (c, id) => c.listNotes(id) },
    { name: 'addToWorkflow', scope: 'contacts.write', operation: (id) => `POST /contacts/${id}/workflow/wf-1`, run: (c, id) => c.addToWorkflow(id, 'wf-1') },
    { name: 'removeFromWorkflow', scope: 'contacts.write', operation: (id) => `DELETE /contacts/${id}/workflow/wf-1`, run: (c, id) => c.removeFromWorkflow(id, 'wf-1') },
    {
      name: 'upsertOpportunity', scope: 'opportunities.write', operation: () => 'POST /opportunities/upsert',
      run: (c, id) => c.upsertOpportunity({ pipelineId: 'p', pipelineStageId: 's', contactId: id, name: 'n', status: 'won' }),
    },
  ];

  it('names each call\'s scope exactly as its spec does', () => {
    expect(new Set(CALLS.map((call) => call.scope))).toEqual(new Set(Object.values(GHL_SCOPES).filter((scope) => scope !== 'locations.readonly')));
  });

  describe.each(CALLS)('$name', ({ scope, operation, run }) => {
    let contactId: string;
    beforeEach(() => { contactId = ghl.addContact({ email: 'someone@example.com' }).id; });

    it('makes a 422 permanent, quoting GoHighLevel', async () => {
      ghl.fail({ status: 422, body: ghlUnprocessable(['property x should not exist']) });
      const error = await rejectionOf(run(client(), contactId));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe(`GoHighLevel rejected ${operation(contactId)} (HTTP 422: property x should not exist)`);
    });

    it('makes "no access to this location" (403) permanent, naming GHL_LOCATION_ID', async () => {
      // the contact belongs to another sub-account; listing custom fields asks for another location
      const stranger = ghl.addContact({ email: 'stranger@example.com', locationId: 'loc-other' }).id;
      const c = operation('x').startsWith('GET /locations') ? client({ locationId: 'loc-other' }) : client();
      const error = await rejectionOf(run(c, stranger));
      expect(error).toBeInstanceOf(PermanentError);
      const location = operation('x').startsWith('GET /locations') ? 'loc-other' : 'loc-test';
      expect(error.message).toBe(`GoHighLevel refused ${operation(stranger).replace('loc-test', location)}: the token does not have access to location ${location} (HTTP 403); `
        + 'check GHL_LOCATION_ID and that GHL_API_TOKEN belongs to that sub-account');
    });

    it('retries a 401 (and a 403 about anything else) as a credentials problem naming the scope, never the token', async () => {
      const wrongToken = await rejectionOf(run(client({ token: 'pit-wrong-token' }), contactId));
      expect(wrongToken).toBeInstanceOf(RetryableError);
      expect(wrongToken.message).toBe(`GoHighLevel refused the credentials on ${operation(contactId)} (HTTP 401: Invalid token: access token is invalid): `
        + `check GHL_API_TOKEN (its scopes must include ${scope}) and GHL_LOCATION_ID`);
      ghl.fail({ status: 403, body: { statusCode: 403, message: 'The token is not authorized for this scope.' } });
      const scopeMissing = await rejectionOf(run(client(), contactId));
      expect(scopeMissing).toBeInstanceOf(RetryableError);
      expect(scopeMissing.message).toContain(`(HTTP 403: The token is not authorized for this scope.): check GHL_API_TOKEN (its scopes must include ${scope})`);
      expect(`${wrongToken.message} ${scopeMissing.message}`).not.toContain(TOKEN);
    });

    it('defers a 429 by GoHighLevel\'s interval, not counted as an attempt', async () => {
      const now = 1_700_000_000_000;
      ghl.fail({ status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '7000' } });
      const error = await rejectionOf(run(client({ now: () => now, maxRateLimitWaitMs: 1000 }), contactId));
      expect(error).toBeInstanceOf(RetryableError);
      expect(error).toMatchObject({ service: 'ghl', countsAsAttempt: false, notBefore: now + 7000 });
    });
  });
});
