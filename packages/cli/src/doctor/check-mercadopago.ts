import type { Config } from '@ghl-payments/core';
import { listSecrets } from '@ghl-payments/core';
import { createMercadoPagoClient } from '@ghl-payments/pipeline';
import { checkClock } from './check-clock';
import { CheckResult, fail, pass, warn } from './doctor-check';
import { explainUpstreamFailure } from './explain-upstream-failure';

/** One harmless authenticated read (GET /users/me), then the clock against the answer's `Date` header. */
export async function checkMercadoPago(config: Config, now: () => number = Date.now): Promise<CheckResult[]> {
  const token = config.mercadopago.accessToken;
  if (!token) return [warn('MercadoPago not contacted and clock not checked: MP_ACCESS_TOKEN is not set')];
  let dateHeader: string | undefined;
  let answeredAt = 0;
  const client = createMercadoPagoClient({
    apiUrl: config.mercadopago.apiUrl, accessToken: token, timeoutMs: config.httpTimeoutMs, now, secrets: listSecrets(config),
    onResponse(_status, headers) {
      answeredAt = now();
      dateHeader = typeof headers.date === 'string' ? headers.date : undefined;
    },
  });
  const results: CheckResult[] = [];
  try {
    const user = await client.getCurrentUser();
    const site = user.site_id ? `, ${user.site_id}` : '';
    results.push(pass(`MercadoPago accepted MP_ACCESS_TOKEN: account ${user.nickname ?? user.email ?? user.id} (id ${user.id}${site})`));
    // a TEST- credential is reported by checkCredentials (find-credential-warnings.ts), with or without the network
  } catch (err) {
    results.push(fail((err as Error).message, explainUpstreamFailure((err as Error).message, {
      apiUrl: config.mercadopago.apiUrl, urlVariable: 'MP_API_URL',
      credentialFix: `MP_ACCESS_TOKEN is the Access Token in MercadoPago: Your integrations → your application → Production credentials (MP_API_URL is ${config.mercadopago.apiUrl})`,
    })));
  } finally {
    client.close();
  }
  results.push(dateHeader === undefined
    ? warn('clock not checked: MercadoPago did not answer')
    : checkClock(dateHeader, answeredAt));
  return results;
}
