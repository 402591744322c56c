import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildIpnNotification, buildWebhookNotification, notificationUrl, sendMercadoPagoNotification, signMercadoPagoNotification,
} from '@ghl-payments/sandbox';

const SECRET = 'your_secret_key_here';

describe('MercadoPago notifications for tests and demos', () => {
  it('signs like MercadoPago (the reference test vectors)', () => {
    const sign = (dataId: string, requestId: string) => signMercadoPagoNotification({ secret: SECRET, dataId, requestId, ts: 1742505638683 });
    expect(sign('123456', 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e'))
      .toBe('ts=1742505638683,v1=5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd');
    expect(sign('ord01jq4s4ky8hwq6na5pxb65b3d3', '2066ca19-c6f1-498a-be75-1923005edd06'))
      .toBe('ts=1742505638683,v1=633f91233312dd391ec75fa0bea539cfc2d6c4918873305b84a96cc1c58db71c');
    expect(sign('ORD01JQ4S4KY8HWQ6NA5PXB65B3D3', '2066ca19-c6f1-498a-be75-1923005edd06'))
      .toBe('ts=1742505638683,v1=fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c');
  });

  it('builds Webhooks-format notifications (signed when given a secret) and legacy IPNs', () => {
    const signed = buildWebhookNotification({ type: 'payment', dataId: 123456, secret: SECRET, requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', ts: 1742505638683, retry: 2 });
    expect(signed.query).toEqual({ 'data.id': '123456', type: 'payment' });
    expect(signed.headers).toMatchObject({
      'x-signature': 'ts=1742505638683,v1=5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd',
      'x-request-id': 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', 'x-retry': '2', 'content-type': 'application/json',
    });
    expect(signed.body).toMatchObject({ action: 'payment.updated', type: 'payment', data: { id: '123456' }, live_mode: false });
    expect(String(signed.body.id)).toMatch(/^\d{11}$/);
    const unsigned = buildWebhookNotification({ type: 'topic_merchant_order_wh', dataId: 987, notificationId: undefined });
    expect(unsigned.headers['x-signature']).toBeUndefined();
    expect(unsigned.body).toMatchObject({ id: '987', action: 'update' });
    expect(buildIpnNotification({ topic: 'merchant_order', id: 42 })).toMatchObject({
      query: { topic: 'merchant_order', id: '42' }, body: { resource: 'https://api.mercadolibre.com/merchant_orders/42', topic: 'merchant_order' },
    });
  });

  it('posts a notification to a receiver URL and returns its answer', async () => {
    let seen: { url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        seen = { url: req.url, headers: req.headers, body };
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received","id":7}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/mp?source_news=webhooks`;
      const notification = buildWebhookNotification({ type: 'payment', dataId: 55, secret: SECRET });
      expect(notificationUrl(url, notification)).toBe(`${url}&data.id=55&type=payment`);
      const answer = await sendMercadoPagoNotification(url, notification);
      expect(answer).toEqual({ status: 200, body: { status: 'received', id: 7 }, text: '{"status":"received","id":7}' });
      expect(seen.url).toBe('/webhooks/mp?source_news=webhooks&data.id=55&type=payment');
      expect(seen.headers?.['x-signature']).toBe(notification.headers['x-signature']);
      expect(JSON.parse(seen.body!)).toEqual(notification.body);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
