import { inspect } from 'node:util';
import { FaultRule } from '@ghl-payments/sandbox';
import { processEvent } from '@ghl-payments/pipeline';
import { closedPortUrl } from './support/closed-port-url';
import { createPipelineFixture, GHL_TOKEN, MP_TOKEN, PipelineFixture, rejectionOf } from './support/pipeline-fixture';

/** Everything a log line or an API answer could show of an error. */
function renderings(error: Error): string[] {
  return [error.message, String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error), error.stack ?? ''];
}

describe('error messages never contain a token', () => {
  let f: PipelineFixture;
  beforeEach(async () => { f = await createPipelineFixture({ env: { HTTP_TIMEOUT: '200ms' } }); });
  afterEach(async () => { await f.close(); });

  const faults: Array<[string, FaultRule]> = [
    ['a 500', { status: 500 }],
    ['a 401', { status: 401 }],
    ['a 403', { status: 403 }],
    ['a 429', { status: 429, headers: { 'Retry-After': '5' } }],
    ['a 404', { status: 404 }],
    ['a 400 echoing the token', { status: 400, body: { message: `bad token ${MP_TOKEN} / ${GHL_TOKEN}`, error: 'bad_request' } }],
    ['a 422 echoing the token', { status: 422, body: { statusCode: 422, message: [`Bearer ${GHL_TOKEN}`, MP_TOKEN] } }],
    ['malformed JSON', { malformed: true }],
    ['a hang', { hang: true }],
  ];

  it.each(faults)('from MercadoPago on %s', async (_name, fault) => {
    f.mp.setPayment({ id: 1 });
    f.mp.fail(fault);
    const error = await rejectionOf(processEvent(await f.event(1), f.ctx));
    for (const text of renderings(error)) {
      expect(text).not.toContain(MP_TOKEN);
      expect(text).not.toContain(GHL_TOKEN);
    }
  });

  it.each(faults)('from GoHighLevel on %s', async (_name, fault) => {
    f.mp.setPayment({ id: 2, payer: { email: 'leak@example.com' } });
    f.ghl.fail(fault);
    const error = await rejectionOf(processEvent(await f.event(2), f.ctx));
    for (const text of renderings(error)) {
      expect(text).not.toContain(MP_TOKEN);
      expect(text).not.toContain(GHL_TOKEN);
    }
  });

  it('on network errors', async () => {
    const down = await closedPortUrl();
    const g = await createPipelineFixture({ env: { MP_API_URL: down } });
    try {
      const error = await rejectionOf(processEvent(await g.event(3), g.ctx));
      for (const text of renderings(error)) expect(text).not.toContain(MP_TOKEN);
    } finally {
      await g.close();
    }
  });
});
