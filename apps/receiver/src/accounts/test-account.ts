import { Config, loadAccountsKey } from '@ghl-payments/core';
import { createGhlClient, createMercadoPagoClient } from '@ghl-payments/pipeline';
import { Account, AccountRecord, openAccount } from '@ghl-payments/store';

/** How one connection check came out, as `doctor` reports it: pass, warn (not checked) or fail. */
export interface AccountCheck {
  service: 'mercadopago' | 'ghl';
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** The outcome of testing an account, and its secrets in clear (to be scrubbed from the answer, never shown). */
export interface AccountTest {
  ok: boolean;
  checks: AccountCheck[];
  secrets: string[];
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** GET /users/me with the account's MercadoPago token, as `doctor`'s check-mercadopago does. */
async function checkMercadoPago(config: Config, account: Account, secrets: readonly string[], now: () => number): Promise<AccountCheck> {
  if (!account.mpAccessToken) return { service: 'mercadopago', status: 'warn', message: 'MercadoPago not contacted: the account has no MercadoPago access token' };
  const client = createMercadoPagoClient({ apiUrl: config.mercadopago.apiUrl, accessToken: account.mpAccessToken, timeoutMs: config.httpTimeoutMs, now, secrets });
  try {
    const user = await client.getCurrentUser();
    const site = user.site_id ? `, ${user.site_id}` : '';
    return { service: 'mercadopago', status: 'pass', message: `MercadoPago accepted the access token: account ${user.nickname ?? user.email ?? user.id} (id ${user.id}${site})` };
  } catch (err) {
    return { service: 'mercadopago', status: 'fail', message: errorText(err) };
  } finally {
    client.close();
  }
}

/** GET /locations/{id} with the account's GoHighLevel token, as `doctor`'s check-ghl does. */
async function checkGhl(config: Config, account: Account, secrets: readonly string[], now: () => number): Promise<AccountCheck> {
  if (!account.ghlToken || !account.ghlLocationId) {
    return { service: 'ghl', status: 'warn', message: `GoHighLevel not contacted: the account has no ${account.ghlToken ? 'location id' : 'GoHighLevel token'}` };
  }
  const client = createGhlClient({
    apiUrl: config.ghl.apiUrl, token: account.ghlToken, locationId: account.ghlLocationId, apiVersion: config.ghl.apiVersion,
    timeoutMs: config.httpTimeoutMs, rateLimit: null, now, secrets,
  });
  try {
    const location = await client.getLocation();
    return { service: 'ghl', status: 'pass', message: `GoHighLevel accepted the token for location ${location.name ? `"${location.name}" ` : ''}(${location.id})` };
  } catch (err) {
    return { service: 'ghl', status: 'fail', message: errorText(err) };
  } finally {
    client.close();
  }
}

/**
 * One harmless authenticated read at each upstream with the account's own credentials (decrypted in memory only).
 * A key that cannot open them fails both checks with its (secret-free) reason.
 */
export async function testAccount(o: { config: Config; secrets: readonly string[]; now: () => number }, record: AccountRecord): Promise<AccountTest> {
  let account: Account;
  try {
    const encrypted = [record.mpAccessTokenEnc, record.mpWebhookSecretsEnc, record.ghlTokenEnc].some((v) => v !== null);
    // an account without stored secrets needs no key (and none is created for it)
    account = encrypted ? openAccount(loadAccountsKey(o.config, { create: false }).box, record) : {
      slug: record.slug, name: record.name, enabled: record.enabled, mpWebhookSecrets: [], ghlLocationId: record.ghlLocationId ?? undefined,
      rules: record.rules, updatedAt: record.updatedAt,
    };
  } catch (err) {
    const message = `the account's credentials cannot be read: ${errorText(err)}`;
    return { ok: false, checks: [{ service: 'mercadopago', status: 'fail', message }, { service: 'ghl', status: 'fail', message }], secrets: [] };
  }
  const secrets = [account.mpAccessToken, account.ghlToken, ...account.mpWebhookSecrets].filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const scrub = [...secrets, ...o.secrets];
  const checks = await Promise.all([checkMercadoPago(o.config, account, scrub, o.now), checkGhl(o.config, account, scrub, o.now)]);
  return { ok: checks.every((c) => c.status === 'pass'), checks, secrets };
}
