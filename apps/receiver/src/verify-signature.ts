import { createHmac, createSecretKey, KeyObject, timingSafeEqual } from 'node:crypto';

export interface VerifySignatureInput {
  /** The `x-signature` header, e.g. `ts=1742505638683,v1=<hex>`. */
  signatureHeader: string | undefined;
  /** The `x-request-id` header. */
  requestId: string | undefined;
  /** `data.id` from the query string (never from the body). */
  dataId: string | undefined;
  /** MP_WEBHOOK_SECRET: one secret or several (a signature valid for any of them is valid). */
  secret: string | readonly string[];
  /** Largest accepted distance between `ts` and now; null disables the freshness check. */
  toleranceMs: number | null;
  /** Current time in epoch milliseconds. */
  now: number;
}

export type VerifySignatureResult = { ok: true } | { ok: false; reason: string };

const ALPHANUMERIC = /^[A-Za-z0-9]+$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** Key objects of the configured secrets, made once rather than from the strings on every notification. */
const cachedKeys = new Map<string, KeyObject>();
const MAX_CACHED_KEYS = 16;

/** The secret as a key object, from the cache when it was seen before (the cache holds the configured few). */
function readSecretKey(secret: string): KeyObject {
  let key = cachedKeys.get(secret);
  if (!key) {
    if (cachedKeys.size >= MAX_CACHED_KEYS) cachedKeys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    cachedKeys.set(secret, key);
  }
  return key;
}

/** Splits `ts=…,v1=…` into its parts (each on the first `=`; the first occurrence of a key wins). */
export function parseSignatureHeader(header: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of header.split(',')) {
    const idx = part.indexOf('=');
    if (idx <= 0) continue;
    const key = part.slice(0, idx).trim().toLowerCase();
    if (!Object.hasOwn(parts, key)) parts[key] = part.slice(idx + 1).trim();
  }
  return parts;
}

/** `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, leaving out every pair whose value is absent. */
export function buildSignatureManifest(dataId: string | undefined, requestId: string | undefined, ts: string | undefined): string {
  const pairs: Array<[string, string | undefined]> = [['id', dataId], ['request-id', requestId], ['ts', ts]];
  return pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}:${v};`).join('');
}

/**
 * Checks MercadoPago's `x-signature` (HMAC-SHA256 of the manifest, hex) in constant time, against every secret given
 * (each one is tried, so the time taken does not tell which one matched).
 * An alphanumeric data.id is accepted verbatim or lower-cased (MercadoPago's docs and SDKs disagree).
 */
export function verifyMpSignature(input: VerifySignatureInput): VerifySignatureResult {
  if (!input.signatureHeader || input.signatureHeader.trim() === '') return { ok: false, reason: 'missing x-signature' };
  const parts = parseSignatureHeader(input.signatureHeader);
  const v1 = parts.v1;
  if (!v1) return { ok: false, reason: 'x-signature has no v1' };
  if (input.toleranceMs !== null) {
    const stale = checkFreshness(parts.ts, input.toleranceMs, input.now);
    if (stale) return { ok: false, reason: stale };
  }
  const candidates = [input.dataId];
  if (input.dataId && ALPHANUMERIC.test(input.dataId) && input.dataId.toLowerCase() !== input.dataId) {
    candidates.push(input.dataId.toLowerCase());
  }
  if (!SHA256_HEX.test(v1)) return { ok: false, reason: 'x-signature does not match' };
  const given = Buffer.from(v1, 'hex'); // the 32 bytes of the digest, compared as bytes
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  const manifests = candidates.map((dataId) => buildSignatureManifest(dataId, input.requestId, parts.ts));
  let matched = false;
  for (const secret of secrets) {
    if (secret === '') continue;
    const key = readSecretKey(secret);
    for (const manifest of manifests) {
      if (timingSafeEqual(given, createHmac('sha256', key).update(manifest).digest())) matched = true;
    }
  }
  return matched ? { ok: true } : { ok: false, reason: 'x-signature does not match' };
}

/** Returns why `ts` is unacceptable, or undefined. Values below 1e12 are seconds, others milliseconds. */
function checkFreshness(ts: string | undefined, toleranceMs: number, now: number): string | undefined {
  if (!ts || !/^\d{1,16}$/.test(ts)) return 'x-signature has no usable ts';
  const value = Number(ts);
  const tsMs = value < 1e12 ? value * 1000 : value;
  return Math.abs(now - tsMs) > toleranceMs ? 'x-signature ts is outside the tolerance window' : undefined;
}
