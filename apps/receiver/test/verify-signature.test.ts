import { createHmac } from 'node:crypto';
import { buildSignatureManifest, parseSignatureHeader, verifyMpSignature } from '../src';

const SECRET = 'your_secret_key_here';
const TS = '1742505638683';
const base = { secret: SECRET, toleranceMs: null, now: 1742505638683 };

describe('verifyMpSignature: reference test vectors', () => {
  it('vector 1: numeric id', () => {
    const header = `ts=${TS},v1=5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd`;
    expect(buildSignatureManifest('123456', 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', TS))
      .toBe('id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1742505638683;');
    expect(verifyMpSignature({ ...base, signatureHeader: header, requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', dataId: '123456' }))
      .toEqual({ ok: true });
  });

  const reqId = '2066ca19-c6f1-498a-be75-1923005edd06';
  const lowerSig = `ts=${TS},v1=633f91233312dd391ec75fa0bea539cfc2d6c4918873305b84a96cc1c58db71c`;
  const upperSig = `ts=${TS},v1=fb15ae6472eb449173c556793205d77787d58f384d183bb5bc3b724c27bd103c`;

  it('vector 2: lower-case alphanumeric id', () => {
    expect(verifyMpSignature({ ...base, signatureHeader: lowerSig, requestId: reqId, dataId: 'ord01jq4s4ky8hwq6na5pxb65b3d3' })).toEqual({ ok: true });
  });

  it('vector 3: upper-case alphanumeric id, verbatim', () => {
    expect(verifyMpSignature({ ...base, signatureHeader: upperSig, requestId: reqId, dataId: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3' })).toEqual({ ok: true });
  });

  it('casing: an upper-case id in the query also matches a signature over the lower-cased id', () => {
    expect(verifyMpSignature({ ...base, signatureHeader: lowerSig, requestId: reqId, dataId: 'ORD01JQ4S4KY8HWQ6NA5PXB65B3D3' })).toEqual({ ok: true });
  });

  it('casing: a lower-case id does not match a signature over the upper-cased id', () => {
    expect(verifyMpSignature({ ...base, signatureHeader: upperSig, requestId: reqId, dataId: 'ord01jq4s4ky8hwq6na5pxb65b3d3' }).ok).toBe(false);
  });

  it('vector 4: no data.id drops the id pair', () => {
    const header = `ts=${TS},v1=8a7b0cc777a8217c3bab41a50c95dc92debbc6f8448f1c967dfe10ac1cb8b894`;
    expect(buildSignatureManifest(undefined, reqId, TS)).toBe('request-id:2066ca19-c6f1-498a-be75-1923005edd06;ts:1742505638683;');
    expect(verifyMpSignature({ ...base, signatureHeader: header, requestId: reqId, dataId: undefined })).toEqual({ ok: true });
  });

  it('accepts spaces around parts and an upper-case hex v1', () => {
    const header = ` ts = ${TS} , v1 = 5E0A7ED2EA5ECE575E9D1A9BB80F7CE6CA43D6D30E8BE93413BAE108B94AD7CD`;
    expect(verifyMpSignature({ ...base, signatureHeader: header, requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', dataId: '123456' }).ok).toBe(true);
  });
});

describe('verifyMpSignature: refusals', () => {
  const good = { ...base, requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', dataId: '123456' };
  const v1 = '5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd';

  it.each([
    ['missing header', undefined, /missing/],
    ['empty header', '', /missing/],
    ['no v1', `ts=${TS}`, /no v1/],
    ['garbage', 'garbage', /no v1/],
    ['short v1', `ts=${TS},v1=5e0a`, /does not match/],
    ['wrong ts', `ts=1742505638684,v1=${v1}`, /does not match/],
    ['non-hex v1 of the right length', `ts=${TS},v1=${'z'.repeat(64)}`, /does not match/],
    ['multi-byte v1', `ts=${TS},v1=${'é'.repeat(32)}`, /does not match/],
    ['the right v1 with trailing characters', `ts=${TS},v1=${v1}zz`, /does not match/],
    ['the right v1 with one more hex pair', `ts=${TS},v1=${v1}00`, /does not match/],
    ['the right v1 less its last hex digit', `ts=${TS},v1=${v1.slice(0, 63)}`, /does not match/],
  ])('%s', (_name, header, reason) => {
    const result = verifyMpSignature({ ...good, signatureHeader: header });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses the right signature for another id, request id or secret', () => {
    const header = `ts=${TS},v1=${v1}`;
    expect(verifyMpSignature({ ...good, signatureHeader: header, dataId: '123457' }).ok).toBe(false);
    expect(verifyMpSignature({ ...good, signatureHeader: header, requestId: 'other' }).ok).toBe(false);
    expect(verifyMpSignature({ ...good, signatureHeader: header, secret: 'another' }).ok).toBe(false);
    expect(verifyMpSignature({ ...good, signatureHeader: header }).ok).toBe(true); // the key of the first secret is not kept
    expect(verifyMpSignature({ ...good, signatureHeader: header, dataId: undefined }).ok).toBe(false);
  });

  it('parses the header on the first = of each part', () => {
    expect(parseSignatureHeader('ts=1,v1=a=b,v1=c')).toEqual({ ts: '1', v1: 'a=b' });
  });
});

describe('verifyMpSignature: tolerance window', () => {
  const header = `ts=${TS},v1=5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd`;
  const input = { secret: SECRET, signatureHeader: header, requestId: 'bb56a2f1-6aae-46ac-982e-9dcd3581d08e', dataId: '123456' };
  const tsMs = Number(TS);

  it('is off when toleranceMs is null, whatever the age', () => {
    expect(verifyMpSignature({ ...input, toleranceMs: null, now: tsMs + 365 * 86_400_000 }).ok).toBe(true);
  });

  it('accepts inside the window and refuses outside it (ts in milliseconds)', () => {
    expect(verifyMpSignature({ ...input, toleranceMs: 300_000, now: tsMs + 299_000 }).ok).toBe(true);
    expect(verifyMpSignature({ ...input, toleranceMs: 300_000, now: tsMs - 299_000 }).ok).toBe(true);
    const late = verifyMpSignature({ ...input, toleranceMs: 300_000, now: tsMs + 301_000 });
    expect(late).toEqual({ ok: false, reason: expect.stringMatching(/tolerance/) });
  });

  it('reads a ts below 1e12 as seconds', () => {
    const sec = '1742505638';
    const v1 = createHmac('sha256', SECRET).update(`id:123456;request-id:r;ts:${sec};`).digest('hex');
    const secInput = { secret: SECRET, signatureHeader: `ts=${sec},v1=${v1}`, requestId: 'r', dataId: '123456' };
    expect(verifyMpSignature({ ...secInput, toleranceMs: 60_000, now: 1742505638000 + 30_000 }).ok).toBe(true);
    expect(verifyMpSignature({ ...secInput, toleranceMs: 60_000, now: 1742505638000 + 90_000 }).ok).toBe(false);
  });

  it('refuses a missing or non-numeric ts when the window is on', () => {
    const v1 = '5e0a7ed2ea5ece575e9d1a9bb80f7ce6ca43d6d30e8be93413bae108b94ad7cd';
    expect(verifyMpSignature({ ...input, signatureHeader: `v1=${v1}`, toleranceMs: 60_000, now: tsMs }).ok).toBe(false);
    expect(verifyMpSignature({ ...input, signatureHeader: `ts=abc,v1=${v1}`, toleranceMs: 60_000, now: tsMs }).ok).toBe(false);
  });
});
