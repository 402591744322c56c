import { RateLimitOptions, startSandboxServers, SandboxServers } from '@ghl-payments/sandbox';

export interface BenchFakes {
  sandbox: SandboxServers;
  /** MP_* and GHL_* variables pointing the worker at the fakes. */
  env: Record<string, string>;
  /**
   * Makes payments `firstPaymentId … + count - 1` known to the fake MercadoPago (approved, with
   * `metadata.ghl_contact_id`, so an event costs exactly two upstream calls: GET the payment, POST the tags) and their
   * contacts known to the fake GHL. `contactPerPayment` gives each payment its own contact (to match tag calls to
   * notifications); otherwise they share one.
   */
  addPayments(firstPaymentId: number, count: number, options?: { contactPerPayment?: boolean }): void;
  /** The contact a payment's tags go to. */
  contactOf(paymentId: number): string;
  close(): Promise<void>;
}

const SHARED_CONTACT = 'benchContact0';

/** Fake MercadoPago and GoHighLevel on loopback, in the runner's process, recording nothing per request. */
export async function startBenchFakes(options: { latencyMs: number; ghlRateLimit?: RateLimitOptions | null }): Promise<BenchFakes> {
  const sandbox = await startSandboxServers({
    mercadoPago: { latencyMs: options.latencyMs, recordRequests: false },
    ghl: { latencyMs: options.latencyMs, recordRequests: false, rateLimit: options.ghlRateLimit ?? null },
  });
  sandbox.ghl.addContact({ id: SHARED_CONTACT, email: 'bench-shared@example.com' });
  const perPayment = new Set<number>();
  return {
    sandbox,
    env: sandbox.env,
    addPayments(firstPaymentId, count, opts = {}) {
      for (let i = 0; i < count; i += 1) {
        const id = firstPaymentId + i;
        let contact = SHARED_CONTACT;
        if (opts.contactPerPayment) {
          contact = `benchContact${id}`;
          perPayment.add(id);
          sandbox.ghl.addContact({ id: contact, email: `payer${id}@example.com` });
        }
        sandbox.mercadoPago.setPayment({ id, status: 'approved', metadata: { ghl_contact_id: contact } });
      }
    },
    contactOf: (paymentId) => (perPayment.has(paymentId) ? `benchContact${paymentId}` : SHARED_CONTACT),
    close: () => sandbox.close(),
  };
}
