import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { closeLogger, createLogger, Logger } from '@ghl-payments/core';
import { issueSignInLink, SIGN_IN_CODE_TTL_MS } from '../src';
import { ADMIN_TOKEN, createOperatorFixture, OperatorFixture } from './helpers/operator-fixture';

describe('one-time sign-in links: a code exchanged once for a session, never the admin token', () => {
  let f: OperatorFixture;
  let logDir: string;
  let logger: Logger;
  beforeAll(async () => {
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-sign-in-code-'));
    // no secrets given to the logger: a token or code reaching a log line would be there in clear
    logger = createLogger({ dir: logDir, console: false, level: 'info' });
    f = await createOperatorFixture({}, { logger });
  });
  afterAll(async () => {
    await f.t.destroy();
    await closeLogger(logger);
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  const issue = async () => {
    const link = await issueSignInLink(f.t.db, 'http://127.0.0.1:8000/admin', f.clock.now);
    return { link, code: new URL(link.url).searchParams.get('code')! };
  };
  const redeem = (code: string) => request(f.app).post('/admin/login/code').type('form').send({ code });

  it('links carry a random code, not the token, and the database keeps only its hash', async () => {
    const { link, code } = await issue();
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:8000\/admin\/login\?code=[\w-]{32}$/);
    expect(link.url).not.toContain(ADMIN_TOKEN);
    expect(link.expiresAt).toBe(f.clock.now + SIGN_IN_CODE_TTL_MS);
    const rows = await f.t.db.knex('sign_in_codes').select('*');
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('opening the link does not use it up (a preview or prefetch cannot spend it); posting it signs in once', async () => {
    const { code } = await issue();
    const landing = await request(f.app).get(`/admin/login?code=${code}`);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('action="/admin/login/code"');
    expect(landing.text).not.toContain(ADMIN_TOKEN);
    expect((await request(f.app).get(`/admin/login?code=${code}`)).status).toBe(200);

    const first = await redeem(code);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/admin');
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    expect((await request(f.app).get('/admin').set('Cookie', cookie)).status).toBe(200);

    const again = await redeem(code);
    expect(again.status).toBe(401);
    expect(again.text).toContain('This sign-in link was already used or has expired');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('expires after 10 minutes, unused', async () => {
    const { code } = await issue();
    f.clock.now += SIGN_IN_CODE_TTL_MS + 1;
    expect((await redeem(code)).status).toBe(401);
  });

  it('refuses made-up codes, and no log line carries a code or the token', async () => {
    expect((await redeem('A'.repeat(32))).status).toBe(401);
    expect((await redeem('not a code')).status).toBe(401);
    const { code } = await issue();
    expect((await redeem(code)).status).toBe(303);
    await closeLogger(logger);
    const log = fs.readFileSync(path.join(logDir, 'webhook.log'), 'utf8');
    expect(log).toContain('"outcome":"signed_in"');
    expect(log).toContain('"outcome":"used_or_expired_code"');
    expect(log).not.toContain(code);
    expect(log).not.toContain(ADMIN_TOKEN);
  });
});
