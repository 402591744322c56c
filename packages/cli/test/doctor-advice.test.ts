import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, runCli } from '@ghl-payments/test-support';
import { fail, pass, summarizeChecks, warn } from '../src/doctor/doctor-check';
import { explainUpstreamFailure } from '../src/doctor/explain-upstream-failure';

describe('doctor names the real cause', () => {
  const credentialFix = 'check the token';
  const explain = (message: string) => explainUpstreamFailure(message, { apiUrl: 'https://api.mercadopago.com', urlVariable: 'MP_API_URL', credentialFix });

  it('a DNS failure is about the address and the network, not the token', () => {
    expect(explain('MercadoPago GET /users/me network error: ENOTFOUND')).toMatch(/^the host api\.mercadopago\.com cannot be found \(DNS\)/);
    expect(explain('MercadoPago GET /users/me network error: EAI_AGAIN')).not.toContain(credentialFix);
    expect(explain('MercadoPago GET /users/me network error: ECONNREFUSED')).toMatch(/did not answer/);
    expect(explain('MercadoPago refused the credentials on GET /users/me (HTTP 401)')).toBe(credentialFix);
  });

  it('end to end: an unknown host gets DNS advice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-doctor-dns-'));
    try {
      const result = await runCli(BIN.ghlPayments, ['doctor'], {
        DATABASE_URL: path.join(dir, 'db.sqlite3'), LOG_DIR: path.join(dir, 'logs'),
        MP_ACCESS_TOKEN: 'APP_USR-1234-abcd', MP_API_URL: 'https://no-such-host.invalid',
      });
      expect(result.stdout).toMatch(/✗ MercadoPago GET \/users\/me network error: (ENOTFOUND|EAI_AGAIN)\n {4}→ the host no-such-host\.invalid cannot be found \(DNS\)/);
      expect(result.stdout).not.toMatch(/MP_ACCESS_TOKEN is the Access Token/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts problems and warnings apart', () => {
    expect(summarizeChecks([fail('a'), fail('b'), fail('c'), warn('d'), warn('e'), pass('f')]))
      .toBe('3 problems to fix (✗) and 2 warnings (!) worth a look: fix the ✗ lines above, then run `ghl-payments doctor` again.');
    expect(summarizeChecks([fail('a')])).toBe('1 problem to fix (✗): fix the ✗ lines above, then run `ghl-payments doctor` again.');
    expect(summarizeChecks([pass('a'), warn('b')])).toBe('All checks passed; 1 warning (!) worth a look.');
    expect(summarizeChecks([pass('a')])).toBe('All checks passed.');
  });
});
