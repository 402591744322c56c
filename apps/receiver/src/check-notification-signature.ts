import type { Config } from '@ghl-payments/core';
import type { NewEvent, SignatureState } from '@ghl-payments/store';
import { verifyMpSignature } from './verify-signature';

export type SignatureCheck = { ok: true; signature: SignatureState } | { ok: false; reason: string };

export interface SignatureCheckInput {
  event: NewEvent;
  signatureHeader: string | undefined;
  requestId: string | undefined;
  config: Config['mercadopago'];
  now: number;
}

/**
 * Applies the signature policy: IPN is accepted unsigned; Webhooks are verified when a secret is configured
 * (`valid`) and accepted `unchecked` when none is.
 */
export function checkNotificationSignature(input: SignatureCheckInput): SignatureCheck {
  if (input.event.source === 'ipn') return { ok: true, signature: 'unsigned' };
  const secret = input.config.webhookSecret;
  if (!secret) return { ok: true, signature: 'unchecked' };
  const result = verifyMpSignature({
    signatureHeader: input.signatureHeader,
    requestId: input.requestId,
    dataId: input.event.query['data.id'],
    secret,
    toleranceMs: input.config.signatureToleranceMs,
    now: input.now,
  });
  return result.ok ? { ok: true, signature: 'valid' } : result;
}
