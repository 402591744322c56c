import type { Config } from '@ghl-payments/core';

/** MercadoPago's real API: a test credential there reads only test payments. */
const MERCADOPAGO_API_HOST = 'api.mercadopago.com';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i;

/**
 * Why this set-up looks like production, or undefined: the receiver is reachable from other machines (HOST is not a
 * loopback address), sits behind a reverse proxy (TRUST_PROXY), or has a public https address (PUBLIC_URL).
 */
export function describeProductionSigns(config: Config): string | undefined {
  const signs: string[] = [];
  if (!LOOPBACK.test(config.receiver.host)) signs.push(`HOST=${config.receiver.host}`);
  if (config.receiver.trustProxy !== false) signs.push('TRUST_PROXY is set');
  const publicUrl = config.alerts?.publicUrl;
  if (publicUrl && /^https:\/\//i.test(publicUrl) && !/\/\/(localhost|127\.)/i.test(publicUrl)) signs.push('PUBLIC_URL is https');
  return signs.length ? signs.join(', ') : undefined;
}

/**
 * Credentials that work but are probably not what the owner means, said once at start (and by doctor). A MercadoPago
 * test credential (`TEST-…`) against the real API is fine while trying things, but MercadoPago sends no notifications
 * for test payments and real payments cannot be read with it: said always, and as a likely mistake when the set-up
 * looks like production. Against any other API URL (the sandbox) nothing is said.
 */
export function findCredentialWarnings(config: Config): string[] {
  const token = config.mercadopago.accessToken;
  if (!token?.startsWith('TEST-')) return [];
  let host: string;
  try {
    host = new URL(config.mercadopago.apiUrl).host;
  } catch {
    return [];
  }
  if (host !== MERCADOPAGO_API_HOST) return [];
  const production = describeProductionSigns(config);
  if (production) {
    return [`MP_ACCESS_TOKEN is a MercadoPago test credential (TEST-…) but this set-up looks like production (${production}): `
      + 'real payments cannot be read with it and test payments send no notifications; use the production Access Token (APP_USR-…)'];
  }
  return ['MP_ACCESS_TOKEN is a MercadoPago test credential (TEST-…): fine for trying things, but MercadoPago sends no notifications '
    + 'for test payments; use the production Access Token (APP_USR-…) before going live'];
}
