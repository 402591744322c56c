import type { Config } from '@ghl-payments/core';
import { findCredentialWarnings } from '../find-credential-warnings';
import { CheckResult, fail, pass, warn } from './doctor-check';

/** Reports the MercadoPago and GoHighLevel settings that are missing or look like a mistake (nothing is sent anywhere). */
export function checkCredentials(config: Config): CheckResult[] {
  const results: CheckResult[] = [];
  const missing = (name: string, fix: string) => results.push(fail(`${name} is not set`, fix));
  if (!config.mercadopago.accessToken) {
    missing('MP_ACCESS_TOKEN', 'copy the Access Token from MercadoPago: Your integrations → your application → Production credentials');
  }
  if (!config.ghl.apiToken) {
    missing('GHL_API_TOKEN', 'in the GoHighLevel sub-account: Settings → Private Integrations → create one with contacts.write and contacts.readonly (and the scopes of your rules: docs/rules.md)');
  }
  if (!config.ghl.locationId) missing('GHL_LOCATION_ID', 'the sub-account id, from Settings → Business Profile or the URL (…/location/<id>/…)');
  if (results.length === 0) results.push(pass('MP_ACCESS_TOKEN, GHL_API_TOKEN and GHL_LOCATION_ID are set'));
  if (!config.mercadopago.webhookSecret) {
    results.push(warn('MP_WEBHOOK_SECRET is not set: notifications are accepted without checking their signature',
      'copy the secret signature from MercadoPago: Your integrations → your application → Webhooks'));
  }
  for (const warning of findCredentialWarnings(config)) {
    results.push(warn(warning, 'the sandbox (`npm run demo`) shows the whole flow without any credential'));
  }
  return results;
}
