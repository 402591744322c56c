import { isNotificationRejection, NotificationRequest, parseNotification } from '../src';
import type { ParsedNotification } from '../src/parse-notification';

const JSON_TYPE = 'application/json';

function request(parts: Partial<NotificationRequest> & { body?: unknown }): NotificationRequest {
  const rawBody = parts.rawBody ?? (parts.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(parts.body)));
  return { query: parts.query ?? {}, headers: parts.headers ?? {}, rawBody, contentType: parts.contentType ?? JSON_TYPE };
}

function parseOk(parts: Partial<NotificationRequest> & { body?: unknown }): ParsedNotification {
  const result = parseNotification(request(parts), { randomId: () => 'uuid-1' });
  if (isNotificationRejection(result)) throw new Error(`rejected: ${result.error}`);
  return result;
}

function parseError(parts: Partial<NotificationRequest> & { body?: unknown }): string {
  const result = parseNotification(request(parts));
  if (!isNotificationRejection(result)) throw new Error('accepted');
  expect(result.status).toBe(400);
  return result.error;
}

const webhookBody = {
  id: 12345, live_mode: true, type: 'payment', date_created: '2015-03-25T10:04:58.396-04:00',
  user_id: 44444, api_version: 'v1', action: 'payment.created', data: { id: '999999999' },
};

describe('parseNotification: Webhooks format', () => {
  it('reads the documented example with a permanent dedup key', () => {
    const event = parseOk({
      query: { 'data.id': '999999999', type: 'payment' }, body: webhookBody,
      headers: { 'x-request-id': 'req-1', 'x-signature': 'ts=1,v1=ab', authorization: 'Bearer x', cookie: 'a=b', 'X-Retry': '2' },
    });
    expect(event).toMatchObject({
      dedupKey: 'webhook:payment:12345', pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment',
      action: 'payment.created', resourceId: '999999999', notificationId: '12345', requestId: 'req-1', signature: 'unchecked',
      query: { 'data.id': '999999999', type: 'payment' }, bodyDataId: '999999999',
    });
    expect(event.headers).toEqual({ 'x-request-id': 'req-1', 'x-signature': 'ts=1,v1=ab', 'x-retry': '2' });
    expect(JSON.parse(event.payload)).toEqual(webhookBody);
  });

  it('takes the resource from the body when the query has only the type, and a string notification id', () => {
    const event = parseOk({ query: { type: 'payment' }, body: { ...webhookBody, id: 'abc-1' } });
    expect(event).toMatchObject({ resourceId: '999999999', dedupKey: 'webhook:payment:abc-1' });
  });

  it('recognises a JSON body with type and no query at all', () => {
    expect(parseOk({ body: webhookBody })).toMatchObject({ source: 'webhook', resourceId: '999999999', dedupKey: 'webhook:payment:12345' });
  });

  it('coalesces by resource when there is no notification id', () => {
    const event = parseOk({ query: { 'data.id': '77', type: 'payment' } });
    expect(event).toMatchObject({ pendingKey: 'webhook:payment:77', dedupKey: 'webhook:payment:77:uuid-1', notificationId: null });
  });

  it('topic_merchant_order_wh: order id from the top-level id, normalised topic, coalescing keys', () => {
    const event = parseOk({
      query: { type: 'topic_merchant_order_wh' },
      body: { action: 'update', data: { status: 'opened' }, id: '26262399173', type: 'topic_merchant_order_wh' },
    });
    expect(event).toMatchObject({
      topic: 'merchant_order', rawType: 'topic_merchant_order_wh', resourceId: '26262399173', notificationId: null,
      pendingKey: 'webhook:merchant_order:26262399173', dedupKey: 'webhook:merchant_order:26262399173:uuid-1',
    });
  });

  it('keeps an unknown topic as received', () => {
    expect(parseOk({ query: { 'data.id': '5', type: 'subscription_preapproval' }, body: { ...webhookBody, type: 'subscription_preapproval' } }))
      .toMatchObject({ topic: 'subscription_preapproval', rawType: 'subscription_preapproval' });
  });

  it('takes the first value of a repeated query key', () => {
    expect(parseOk({ query: { 'data.id': ['1', '2'], type: 'payment' } })).toMatchObject({ resourceId: '1', query: { 'data.id': '1' } });
  });
});

describe('parseNotification: IPN', () => {
  it('reads topic and id from the query, any body, unsigned', () => {
    const event = parseOk({ query: { topic: 'payment', id: '123456' }, body: { resource: '123456', topic: 'payment' } });
    expect(event).toMatchObject({
      source: 'ipn', topic: 'payment', resourceId: '123456', signature: 'unsigned', notificationId: null, action: null,
      pendingKey: 'ipn:payment:123456', dedupKey: 'ipn:payment:123456:uuid-1',
    });
  });

  it('takes the id from a resource URL and normalises merchant_order', () => {
    const event = parseOk({ query: { topic: 'merchant_order' }, body: { resource: 'https://api.mercadolibre.com/merchant_orders/26262399173', topic: 'merchant_order' } });
    expect(event).toMatchObject({ topic: 'merchant_order', resourceId: '26262399173', pendingKey: 'ipn:merchant_order:26262399173' });
  });

  it('reads an IPN body without a query', () => {
    expect(parseOk({ body: { resource: '/v1/payments/42', topic: 'payment' } })).toMatchObject({ source: 'ipn', resourceId: '42' });
  });

  it('accepts a non-JSON body when the query says everything', () => {
    expect(parseOk({ query: { topic: 'payment', id: '9' }, rawBody: Buffer.from('hello'), contentType: 'text/plain' }))
      .toMatchObject({ resourceId: '9', payload: 'hello' });
  });

  it('a query topic wins over a Webhooks-looking body, but the request is left for the signature check', () => {
    expect(parseOk({ query: { topic: 'payment', id: '9' }, body: webhookBody }))
      .toMatchObject({ source: 'ipn', resourceId: '9', signature: 'unchecked', bodyDataId: '999999999' });
  });

  it('only a pure IPN is unsigned: any Webhooks trait leaves it unchecked', () => {
    const ipn = { topic: 'payment', id: '9' };
    expect(parseOk({ query: ipn, body: { resource: '9', topic: 'payment' } })).toMatchObject({ signature: 'unsigned', bodyDataId: null });
    expect(parseOk({ query: ipn, headers: { 'x-signature': 'ts=1,v1=ab' } })).toMatchObject({ signature: 'unsigned' }); // cannot be verified on IPN
    expect(parseOk({ query: { ...ipn, 'data.id': '9' } })).toMatchObject({ source: 'ipn', signature: 'unchecked' });
    expect(parseOk({ query: { ...ipn, type: 'payment' } })).toMatchObject({ source: 'ipn', signature: 'unchecked' });
    expect(parseOk({ query: ipn, body: { data: {} } })).toMatchObject({ source: 'ipn', signature: 'unchecked' });
    expect(parseOk({ query: ipn, body: { type: 'payment' } })).toMatchObject({ source: 'ipn', signature: 'unchecked' });
    expect(parseOk({ query: { 'data.id': ' ', topic: 'payment', id: '9' } })).toMatchObject({ signature: 'unsigned' }); // blank is absent
  });
});

describe('parseNotification: rejections', () => {
  it('malformed JSON when the content type says JSON', () => {
    expect(parseError({ query: { topic: 'payment', id: '1' }, rawBody: Buffer.from('{"a":') })).toMatch(/malformed JSON/);
  });

  it('malformed JSON when the body looks like JSON whatever the content type', () => {
    expect(parseError({ query: { topic: 'payment', id: '1' }, rawBody: Buffer.from('{oops'), contentType: 'text/plain' })).toMatch(/malformed JSON/);
  });

  it('no resource id anywhere', () => {
    expect(parseError({ query: { type: 'payment' }, body: { type: 'payment', id: 5 } })).toMatch(/no resource id/);
    expect(parseError({ query: { topic: 'payment' } })).toMatch(/no resource id/);
  });

  it('invalid resource ids', () => {
    for (const id of ['12 34', '../etc', 'x'.repeat(129), '1;drop table', '1.5', 'ñ']) {
      expect(parseError({ query: { topic: 'payment', id } })).toMatch(/invalid resource id/);
    }
  });

  it('no topic or type', () => {
    expect(parseError({ query: { id: '5' } })).toMatch(/no topic/);
    expect(parseError({ body: { data: { id: '5' } } })).toMatch(/no topic/);
  });

  it('an invalid topic', () => {
    expect(parseError({ query: { topic: 'pay ment', id: '5' } })).toMatch(/topic/);
    expect(parseError({ query: { topic: 'x'.repeat(65), id: '5' } })).toMatch(/topic/);
  });
});

describe('parseNotification: stored text', () => {
  it('replaces NUL bytes in the payload and drops control characters from the action', () => {
    const ipn = parseOk({ query: { topic: 'payment', id: '1' }, rawBody: Buffer.from('a\u0000b'), contentType: 'text/plain' });
    expect(ipn.payload).toBe('a\uFFFDb');
    const event = parseOk({ query: { 'data.id': '1', type: 'payment' }, rawBody: Buffer.from('{"id":1,"action":"a\\u0000b\\n"}') });
    expect(event.action).toBe('ab');
  });

  it('ignores an unusable notification id instead of refusing the notification', () => {
    expect(parseOk({ query: { 'data.id': '1', type: 'payment' }, body: { id: { nested: true }, type: 'payment' } }))
      .toMatchObject({ notificationId: null, pendingKey: 'webhook:payment:1' });
  });
});
