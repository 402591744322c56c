import { createSilentLogger, loadConfig } from '@ghl-payments/core';
import { createPipelineClients, ProcessEvent } from '@ghl-payments/pipeline';
import type { NewEvent } from '@ghl-payments/store';
import { createWorker } from '@ghl-payments/worker';
import { createTestDatabase, TestDatabase, waitUntil } from '@ghl-payments/test-support';

const config = loadConfig({ WORKER_POLL_INTERVAL: '30s', WORKER_GRACE: '200ms' });
const clients = createPipelineClients(config);
afterAll(() => clients.close());

describe('worker in loop mode on PostgreSQL', () => {
  let t: TestDatabase;
  beforeEach(async () => { t = await createTestDatabase(); });
  afterEach(async () => { await t.destroy(); });

  it('is woken by LISTEN/NOTIFY when an event is stored, long before its poll interval', async () => {
    const done: string[] = [];
    const processEvent: ProcessEvent = async (event) => { done.push(event.resourceId); return { status: 'success', paymentId: null, summary: '' }; };
    const worker = createWorker({ store: t.db, config, logger: createSilentLogger(), processEvent, clients });
    const loop = worker.runLoop();
    try {
      await new Promise((resolve) => { setTimeout(resolve, 500); }); // listening, and asleep for the 30 s poll interval
      const event: NewEvent = {
        dedupKey: 'webhook:payment:77', pendingKey: null, source: 'webhook', topic: 'payment', rawType: 'payment', action: null,
        resourceId: '77', notificationId: '77', requestId: null, signature: 'unchecked', payload: '{}', headers: {}, query: {},
      };
      const stored = Date.now();
      await t.db.insertEvent(event, stored);
      await waitUntil(() => done.length === 1, 5000);
      expect(Date.now() - stored).toBeLessThan(5000);
    } finally {
      worker.stop();
      await loop;
    }
    expect(done).toEqual(['77']);
  });
});
