import { createFakeGhl, FakeGhl, FakeGhlOptions } from './fake-ghl';
import { createFakeMercadoPago, FakeMercadoPago, FakeMercadoPagoOptions } from './fake-mercadopago';

export interface SandboxServersOptions {
  /** Bind address for both fakes (default 127.0.0.1); per-fake `host` wins. */
  host?: string;
  mercadoPago?: FakeMercadoPagoOptions;
  ghl?: FakeGhlOptions;
}

/** Both fakes, running, plus the environment that points ghl-payments at them. */
export interface SandboxServers {
  mercadoPago: FakeMercadoPago;
  ghl: FakeGhl;
  /** `MP_API_URL`, `MP_ACCESS_TOKEN`, `GHL_API_URL`, `GHL_API_TOKEN`, `GHL_LOCATION_ID` for the fakes. */
  env: Record<string, string>;
  /** Resets both fakes. */
  reset(): void;
  /** Closes both fakes. */
  close(): Promise<void>;
}

/** Starts a fake MercadoPago and a fake GoHighLevel together. */
export async function startSandboxServers(options: SandboxServersOptions = {}): Promise<SandboxServers> {
  const host = options.host;
  const mercadoPago = await createFakeMercadoPago({ host, ...options.mercadoPago });
  let ghl: FakeGhl;
  try {
    ghl = await createFakeGhl({ host, ...options.ghl });
  } catch (error) {
    await mercadoPago.close();
    throw error;
  }
  return {
    mercadoPago,
    ghl,
    env: {
      MP_API_URL: mercadoPago.url,
      MP_ACCESS_TOKEN: mercadoPago.accessToken,
      GHL_API_URL: ghl.url,
      GHL_API_TOKEN: ghl.token,
      GHL_LOCATION_ID: ghl.locationId,
    },
    reset() {
      mercadoPago.reset();
      ghl.reset();
    },
    async close() {
      await Promise.all([mercadoPago.close(), ghl.close()]);
    },
  };
}
