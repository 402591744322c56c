import { WakeSignal } from '@ghl-payments/worker';

describe('WakeSignal', () => {
  it('ends a sleep in progress at once', async () => {
    const signal = new WakeSignal();
    const started = Date.now();
    const sleeping = signal.sleep(10_000);
    signal.wake();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('remembers a wake that came while nobody slept, for the next sleep only', async () => {
    const signal = new WakeSignal();
    signal.wake();
    const started = Date.now();
    await signal.sleep(10_000);
    expect(Date.now() - started).toBeLessThan(1000);
    await signal.sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
