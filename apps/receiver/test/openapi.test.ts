import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';
import request from 'supertest';
import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { seedEvent, seedPayment } from '@ghl-payments/test-support';
import { createApiRouter } from '../src/routes/api-router';
import { checkSchema, Schema } from './helpers/check-schema';
import { ADMIN_TOKEN, BEARER, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

interface Operation {
  parameters?: Array<{ $ref?: string; name?: string; in?: string }>;
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters: Record<string, { name: string }> };
}

const spec = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/openapi.json'), 'utf8')) as OpenApi;

/** `/api/webhook-events/{id}` → `/api/webhook-events/:id` */
const toExpressPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

/** Every (method, path) the API router serves, read from Express's routing table. */
function apiRoutes(router: express.Router, prefix = '/api'): string[] {
  const found: string[] = [];
  const stack = (router as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: unknown } }> }).stack;
  for (const layer of stack) {
    if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
    else if (layer.handle.stack) found.push(...apiRoutes(layer.handle as unknown as express.Router, prefix));
  }
  return found;
}

function documentedRoutes(): string[] {
  return Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${toExpressPath(p)}`));
}

function responseSchema(p: string, method: string, status: number): Schema {
  const schema = spec.paths[p]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method} ${p} ${status} is not documented`);
  return schema;
}

describe('docs/openapi.json', () => {
  let f: OperatorFixture;
  let eventId: number;
  let paymentId: number;
  beforeAll(async () => {
    f = await createOperatorFixture();
    paymentId = await seedPayment(f.t.db, { mpPaymentId: '4001' });
    eventId = await seedEvent(f.t.db, { status: 'failed', resourceId: '4001', paymentId, history: [{ outcome: 'failed', startedAt: 1, error: 'x' }] });
    await seedEvent(f.t.db, { status: 'processing' });
  });
  afterAll(async () => { await f.t.destroy(); });

  it('is an OpenAPI 3 document', () => {
    expect(spec.openapi).toMatch(/^3\./);
  });

  it('documents every API route, and every documented route exists', () => {
    const config = loadConfig({ DATABASE_URL: ':memory:', ADMIN_TOKEN });
    const router = createApiRouter({
      store: f.t.db, config, logger: createSilentLogger(), now: Date.now, adminToken: ADMIN_TOKEN, secrets: [], isDatabaseReady: () => true,
    });
    expect(apiRoutes(router).sort()).toEqual(documentedRoutes().sort());
  });

  it('answers every documented route (no 404 from routing)', async () => {
    for (const route of documentedRoutes()) {
      const [method, p] = route.split(' ');
      const url = p.replace(':id', String(eventId));
      const call = (request(f.app) as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()];
      const req = method === 'GET' ? call(url) : call(url).send({});
      const res = await req.set('Authorization', BEARER);
      expect({ route, routed: res.status !== 404 || res.body.error !== 'not found' }).toEqual({ route, routed: true });
    }
  });

  it('documents the parameters the list takes', () => {
    const names = (spec.paths['/api/webhook-events'].get.parameters ?? []).map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!].name : p.name));
    expect(names.sort()).toEqual(['account', 'limit', 'offset', 'payment_id', 'q', 'since', 'status', 'type', 'until', 'waiting']);
  });

  const cases: Array<[string, string, string, number, () => string]> = [
    ['GET', '/api/webhook-events', '/api/webhook-events', 200, () => '/api/webhook-events'],
    ['GET', '/api/webhook-events/{id}', '/api/webhook-events/:id', 200, () => `/api/webhook-events/${eventId}`],
    ['GET', '/api/webhook-events/{id}', '/api/webhook-events/:id', 404, () => '/api/webhook-events/99999'],
    ['GET', '/api/webhook-events', '/api/webhook-events', 400, () => '/api/webhook-events?status=nope'],
    ['POST', '/api/webhook-events/retry', '/api/webhook-events/retry', 200, () => '/api/webhook-events/retry?status=failed&dry_run=true'],
    ['POST', '/api/webhook-events/retry', '/api/webhook-events/retry', 400, () => '/api/webhook-events/retry?dry_run=true'],
    ['GET', '/api/payments', '/api/payments', 200, () => '/api/payments'],
    ['GET', '/api/payments/{id}', '/api/payments/:id', 200, () => `/api/payments/${paymentId}`],
    ['GET', '/api/stats', '/api/stats', 200, () => '/api/stats'],
  ];

  it.each(cases)('%s %s answers %#: the documented shape', async (method, docPath, _route, status, url) => {
    const req = method === 'GET' ? request(f.app).get(url()) : request(f.app).post(url());
    const res = await req.set('Authorization', BEARER);
    expect(res.status).toBe(status);
    expect(checkSchema(res.body, responseSchema(docPath, method.toLowerCase(), status), spec.components.schemas)).toEqual([]);
  });

  it('matches the shapes of a retry, a 409, a registration and a 401', async () => {
    const retried = await request(f.app).post(`/api/webhook-events/${eventId}/retry`).set('Authorization', BEARER);
    expect(checkSchema(retried.body, responseSchema('/api/webhook-events/{id}/retry', 'post', 200), spec.components.schemas)).toEqual([]);
    const processing = (await f.t.db.knex('webhook_events').where('status', 'processing').first('id')).id;
    const conflict = await request(f.app).post(`/api/webhook-events/${processing}/retry`).set('Authorization', BEARER);
    expect(conflict.status).toBe(409);
    expect(checkSchema(conflict.body, responseSchema('/api/webhook-events/{id}/retry', 'post', 409), spec.components.schemas)).toEqual([]);
    const created = await request(f.app).post('/api/payments').set('Authorization', BEARER).send({ external_reference: 'r-1', ghl_contact_id: 'c-1', amount: 5 });
    expect(created.status).toBe(201);
    expect(checkSchema(created.body, responseSchema('/api/payments', 'post', 201), spec.components.schemas)).toEqual([]);
    const invalid = await request(f.app).post('/api/payments').set('Authorization', BEARER).send({ external_reference: 'r-2' });
    expect(checkSchema(invalid.body, responseSchema('/api/payments', 'post', 400), spec.components.schemas)).toEqual([]);
    const unauthorized = await request(f.app).get('/api/stats');
    expect(unauthorized.status).toBe(401);
    expect(checkSchema(unauthorized.body, { $ref: '#/components/schemas/Error' }, spec.components.schemas)).toEqual([]);
  });

  it('catches a response field the document does not list (the checker is strict)', () => {
    expect(checkSchema({ count: 1, extra: true }, { $ref: '#/components/schemas/RetryCount' }, spec.components.schemas)).toEqual(['$.extra: not documented']);
  });
});
