import type { Request } from 'express';
import type { Config } from '@ghl-payments/core';
import type { AccountRecord } from '@ghl-payments/store';
import { isoTime } from '../api/iso-time';

/** PUBLIC_URL, or the origin the request came to (its scheme per TRUST_PROXY): the base of an account's webhook URL. */
export function publicBaseUrl(config: Config, req: Request): string {
  return config.alerts.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The notification URL to give MercadoPago for an account. */
export function webhookUrlOf(baseUrl: string, slug: string): string {
  return `${baseUrl}/webhooks/mp/${encodeURIComponent(slug)}`;
}

/** The last four characters of each webhook secret (stored comma-separated). */
export function webhookSecretsLast4(a: AccountRecord): string[] {
  return (a.mpWebhookSecretsLast4 ?? '').split(',').filter((s) => s !== '');
}

/**
 * An account as the API shows it. No secret ever: of each only its last four characters, of the viewer token only
 * whether there is one. `rules` (the rules text, not a secret) only for a single account.
 */
export function toAccountJson(a: AccountRecord, baseUrl: string, o: { rules?: boolean } = {}): Record<string, unknown> {
  return {
    slug: a.slug,
    name: a.name,
    enabled: a.enabled,
    webhookUrl: webhookUrlOf(baseUrl, a.slug),
    mpAccessTokenLast4: a.mpAccessTokenLast4,
    mpWebhookSecretsLast4: webhookSecretsLast4(a),
    ghlTokenLast4: a.ghlTokenLast4,
    ghlWorkflowSecretLast4: a.ghlWorkflowSecretLast4 ?? null,
    ghlLocationId: a.ghlLocationId,
    hasOwnRules: a.rules !== null,
    viewerToken: a.viewerTokenHash !== null,
    createdAt: isoTime(a.createdAt),
    updatedAt: isoTime(a.updatedAt),
    ...(o.rules ? { rules: a.rules } : {}),
  };
}
