import type { Config } from '@ghl-payments/core';
import { listSecrets } from '@ghl-payments/core';
import { createGhlClient } from '@ghl-payments/pipeline';
import { CheckResult, fail, pass } from './doctor-check';
import { explainUpstreamFailure } from './explain-upstream-failure';

/** One harmless authenticated read: GET /locations/{GHL_LOCATION_ID}. */
export async function checkGhl(config: Config, now: () => number = Date.now): Promise<CheckResult[]> {
  if (!config.ghl.apiToken || !config.ghl.locationId) return [];
  const client = createGhlClient({
    apiUrl: config.ghl.apiUrl, token: config.ghl.apiToken, locationId: config.ghl.locationId, apiVersion: config.ghl.apiVersion,
    timeoutMs: config.httpTimeoutMs, rateLimit: null, now, secrets: listSecrets(config),
  });
  try {
    const location = await client.getLocation();
    return [pass(`GoHighLevel accepted GHL_API_TOKEN for location ${location.name ? `"${location.name}" ` : ''}(${location.id})`)];
  } catch (err) {
    const message = (err as Error).message;
    const fix = /not authorized for this scope/i.test(message)
      ? 'give the Private Integration the locations.readonly scope too (this check reads the location), or ignore this line if tagging works'
      : explainUpstreamFailure(message, {
        apiUrl: config.ghl.apiUrl, urlVariable: 'GHL_API_URL',
        credentialFix: `GHL_API_TOKEN is a Private Integration token of location ${config.ghl.locationId} (Settings → Private Integrations; GHL_API_URL is ${config.ghl.apiUrl})`,
      });
    return [fail(message, fix)];
  } finally {
    client.close();
  }
}
