import { RetryableError, PermanentError } from '@ghl-payments/core';
import { CircuitChange, createCircuitBreaker, deferForOpenCircuit, FAILURE_WINDOW_MS, isOutage } from '@ghl-payments/worker';

function setup(threshold = 3) {
  let time = 1_000_000;
  const changes: CircuitChange[] = [];
  const breaker = createCircuitBreaker({
    threshold, cooldownMs: 1000, maxCooldownMs: 3000, now: () => time, onChange: (c) => changes.push(c),
  });
  return { breaker, changes, advance: (ms: number) => { time += ms; }, now: () => time };
}

describe('circuit breaker', () => {
  it('classifies network errors, timeouts and 5xx as outages; 4xx and 2xx prove the upstream is up', () => {
    expect([503, 500, 'timeout', 'network-error'].every((s) => isOutage(s as never))).toBe(true);
    expect([200, 201, 400, 401, 404, 422].some((s) => isOutage(s))).toBe(false);
  });

  it('opens after N consecutive failures of one service, and only for that service', () => {
    const { breaker, changes, now } = setup(3);
    breaker.recordCall({ service: 'ghl', status: 503 });
    breaker.recordCall({ service: 'ghl', status: 'timeout' });
    expect(breaker.state('ghl')).toBe('closed');
    expect(breaker.admits(0)).toBe(Infinity);
    breaker.recordCall({ service: 'ghl', status: 'network-error' });
    expect(breaker.state('ghl')).toBe('open');
    expect(breaker.state('mercadopago')).toBe('closed');
    expect(breaker.openUntil('ghl')).toBe(now() + 1000);
    expect(breaker.admits(0)).toBe(0);
    expect(changes).toEqual([{ service: 'ghl', from: 'closed', to: 'open', until: now() + 1000, failures: 3, resources: 3 }]);
  });

  it('a success in between resets the count; 429 neither counts nor resets', () => {
    const { breaker } = setup(3);
    for (const status of [503, 503, 200, 503, 503, 429, 503]) breaker.recordCall({ service: 'mercadopago', status });
    expect(breaker.state('mercadopago')).toBe('open');
    const other = setup(3).breaker;
    for (const status of [503, 503, 404, 503, 503]) other.recordCall({ service: 'mercadopago', status });
    expect(other.state('mercadopago')).toBe('closed');
  });

  it('half-opens after the cooldown for one probe at a time, closes on success', () => {
    const { breaker, changes, advance } = setup(1);
    breaker.recordCall({ service: 'ghl', status: 502 });
    advance(999);
    expect(breaker.admits(0)).toBe(0);
    advance(1);
    expect(breaker.state('ghl')).toBe('half-open');
    expect(breaker.isTripped('ghl')).toBe(true);
    expect(breaker.openUntil('ghl')).toBeNull();
    expect(breaker.admits(0)).toBe(1);
    expect(breaker.admits(1)).toBe(0);
    breaker.recordCall({ service: 'ghl', status: 201 });
    expect(breaker.state('ghl')).toBe('closed');
    expect(breaker.admits(5)).toBe(Infinity);
    expect(changes.map((c) => c.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe reopens with a doubled cooldown, capped; closing resets the growth', () => {
    const { breaker, advance, now } = setup(1);
    const cooldowns: number[] = [];
    breaker.recordCall({ service: 'ghl', status: 500 });
    for (let i = 0; i < 4; i += 1) {
      const until = breaker.openUntil('ghl')!;
      cooldowns.push(until - now());
      advance(until - now());
      expect(breaker.state('ghl')).toBe('half-open');
      breaker.recordCall({ service: 'ghl', status: 'timeout' });
    }
    expect(cooldowns).toEqual([1000, 2000, 3000, 3000]);
    advance(3000);
    breaker.recordCall({ service: 'ghl', status: 200 });
    breaker.recordCall({ service: 'ghl', status: 500 });
    expect(breaker.openUntil('ghl')! - now()).toBe(1000);
  });

  it('failures of calls that started before it opened do not extend the cooldown', () => {
    const { breaker, advance, now } = setup(1);
    breaker.recordCall({ service: 'ghl', status: 500 });
    const until = breaker.openUntil('ghl');
    advance(500);
    breaker.recordCall({ service: 'ghl', status: 500 });
    expect(breaker.openUntil('ghl')).toBe(until);
    expect(breaker.tripped()).toEqual([{ service: 'ghl', state: 'open', until }]);
    expect(now()).toBeLessThan(until!);
  });
});

describe('circuit breaker: an outage, not a few failing resources', () => {
  const payment = (id: number) => `GET /v1/payments/${id}`;

  it('never opens for two resources that always fail, however many times they are retried', () => {
    const { breaker, changes } = setup(5);
    for (let round = 0; round < 50; round += 1) {
      breaker.recordCall({ service: 'mercadopago', status: 500, resource: payment(9301) });
      breaker.recordCall({ service: 'mercadopago', status: 'timeout', resource: payment(9302) });
    }
    expect(breaker.state('mercadopago')).toBe('closed');
    expect(breaker.admits(0)).toBe(Infinity);
    expect(changes).toEqual([]);
  });

  it('opens when the failures span at least three distinct resources (capped by the threshold)', () => {
    const { breaker, changes } = setup(5);
    for (const id of [1, 2, 1, 2]) breaker.recordCall({ service: 'ghl', status: 'timeout', resource: `POST /contacts/c${id}/tags` });
    expect(breaker.state('ghl')).toBe('closed');
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'POST /contacts/c3/tags' });
    expect(breaker.state('ghl')).toBe('open');
    expect(changes[0]).toMatchObject({ to: 'open', failures: 5, resources: 3 });
    const low = setup(2).breaker; // a threshold below three asks for that many distinct resources
    low.recordCall({ service: 'ghl', status: 503, resource: 'a' });
    low.recordCall({ service: 'ghl', status: 503, resource: 'a' });
    expect(low.state('ghl')).toBe('closed');
    low.recordCall({ service: 'ghl', status: 503, resource: 'b' });
    expect(low.state('ghl')).toBe('open');
  });

  it('counts host-level failures (refused, DNS, TLS) as distinct: the host is down whatever was asked', () => {
    const { breaker } = setup(5);
    for (let i = 0; i < 5; i += 1) breaker.recordCall({ service: 'mercadopago', status: 'network-error', resource: payment(7), scope: 'host' });
    expect(breaker.state('mercadopago')).toBe('open');
  });

  it('forgets failures older than the window', () => {
    const { breaker, advance } = setup(3);
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'a' });
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'b' });
    advance(FAILURE_WINDOW_MS);
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'c' });
    expect(breaker.state('ghl')).toBe('closed');
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'd' });
    breaker.recordCall({ service: 'ghl', status: 503, resource: 'e' });
    expect(breaker.state('ghl')).toBe('open');
  });

  it('a failed half-open probe reopens the circuit but counts for its own event, once', () => {
    const { breaker, advance, now } = setup(1);
    breaker.recordCall({ service: 'mercadopago', status: 503, resource: payment(1) });
    const straggler = new RetryableError('MercadoPago GET /v1/payments/2 failed with HTTP 503', { service: 'mercadopago' });
    expect(deferForOpenCircuit(straggler, breaker, now(), () => 0)).toMatchObject({ countsAsFailure: false });
    advance(1000);
    expect(breaker.state('mercadopago')).toBe('half-open');
    breaker.recordCall({ service: 'mercadopago', status: 500, resource: payment(9301) });
    expect(breaker.state('mercadopago')).toBe('open');
    const probe = new RetryableError('MercadoPago GET /v1/payments/9301 failed with HTTP 500', { service: 'mercadopago' });
    expect(deferForOpenCircuit(probe, breaker, now(), () => 0)).toBeNull(); // the retry policy counts it
    expect(deferForOpenCircuit(straggler, breaker, now(), () => 0)).toMatchObject({ countsAsFailure: false });
  });
});

describe('deferForOpenCircuit', () => {
  const { breaker, now } = setup(1);
  breaker.recordCall({ service: 'ghl', status: 503 });

  it('defers a counted retryable failure of the open service until the circuit half-opens, not counted', () => {
    const decision = deferForOpenCircuit(new RetryableError('GoHighLevel POST /contacts/upsert failed with HTTP 503', { service: 'ghl' }), breaker, now(), () => 0);
    expect(decision).toEqual({ kind: 'retry', at: now() + 1000, countsAsFailure: false, reason: expect.stringMatching(/503 \(ghl circuit open: waiting until .*not counted/) });
    const jittered = deferForOpenCircuit(new RetryableError('x', { service: 'ghl' }), breaker, now(), () => 1);
    expect(jittered).toMatchObject({ at: now() + 1100 });
  });

  it('leaves every other error to the retry policy', () => {
    expect(deferForOpenCircuit(new RetryableError('MercadoPago 503', { service: 'mercadopago' }), breaker, now(), () => 0)).toBeNull();
    expect(deferForOpenCircuit(new RetryableError('no service'), breaker, now(), () => 0)).toBeNull();
    expect(deferForOpenCircuit(new PermanentError('422', { service: 'ghl' }), breaker, now(), () => 0)).toBeNull();
    expect(deferForOpenCircuit(new RetryableError('429', { service: 'ghl', countsAsAttempt: false }), breaker, now(), () => 0)).toBeNull();
    expect(deferForOpenCircuit(new TypeError('bug'), breaker, now(), () => 0)).toBeNull();
  });

  it('keeps one circuit per account: an account\'s outage blocks that account only, and never stops the others', () => {
    const { breaker, advance, now } = setup(3);
    for (const status of [503, 500, 'timeout'] as const) breaker.recordCall({ service: 'ghl', status, account: 'acme' });
    expect(breaker.state('ghl@acme')).toBe('open');
    expect(breaker.state('ghl')).toBe('closed');
    expect(breaker.admits(0)).toBe(Infinity); // the default account's circuits are closed
    expect(breaker.blockedAccounts(() => 0)).toEqual(['acme']);
    const deferred = deferForOpenCircuit(new RetryableError('GoHighLevel 503', { service: 'ghl' }), breaker, now(), () => 0, 'acme');
    expect(deferred).toMatchObject({ kind: 'retry', countsAsFailure: false });
    expect(deferForOpenCircuit(new RetryableError('GoHighLevel 503', { service: 'ghl' }), breaker, now(), () => 0, 'beta')).toBeNull();
    advance(1000); // half-open: one probe of acme's may run at a time
    expect(breaker.blockedAccounts(() => 0)).toEqual([]);
    expect(breaker.blockedAccounts((account) => (account === 'acme' ? 1 : 0))).toEqual(['acme']);
    breaker.recordCall({ service: 'ghl', status: 200, account: 'acme' });
    expect(breaker.state('ghl@acme')).toBe('closed');
    for (const status of [503, 500, 'timeout'] as const) breaker.recordCall({ service: 'mercadopago', status });
    expect(breaker.blockedAccounts(() => 0)).toEqual(['default']);
  });
});
