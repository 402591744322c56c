import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretBox, loadSecretBox } from '@ghl-payments/core';
import { createFakeGhl, createFakeMercadoPago, FakeGhl, FakeMercadoPago } from '@ghl-payments/sandbox';
import { openAccount } from '@ghl-payments/store';
import { buildProgram } from '../src';
import { BIN, CliResult, createTestDatabase, runCli, TEST_DIALECT, TestDatabase } from '@ghl-payments/test-support';

const MP_TOKEN = 'APP_USR-acme-mp-token-7d1c9e5a';
const GHL_TOKEN = 'pit-acme-ghl-token-4b8f2a6c';
const SECRET_ONE = 'acme-webhook-secret-one-91fd';
const SECRET_TWO = 'acme-webhook-secret-two-3e07';
const STDIN_MP_TOKEN = 'APP_USR-stdin-mp-token-0a9b8c7d';
const STDIN_SECRET = 'stdin-webhook-secret-6f5e4d3c';
const STDIN_GHL_TOKEN = 'pit-stdin-ghl-token-2b1a0f9e';
const ENV_GHL_TOKEN = 'pit-env-ghl-token-8c7d6e5f';
const SECRETS = [MP_TOKEN, GHL_TOKEN, SECRET_ONE, SECRET_TWO, STDIN_MP_TOKEN, STDIN_SECRET, STDIN_GHL_TOKEN, ENV_GHL_TOKEN];

/**
 * On PostgreSQL the data folder is the repository's `data/`: the key comes from SECRETS_KEY there, so no test writes a
 * key file into the working tree. On SQLite the key file lives next to the database file (a temp folder).
 */
const ENV_KEY = randomBytes(32).toString('hex');
const KEY_ENV: Record<string, string> = TEST_DIALECT === 'postgres' ? { SECRETS_KEY: ENV_KEY } : {};

/** Runs the CLI with `input` on standard input (runCli gives it none). */
function runWithStdin(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN.ghlPayments, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end(input);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => setImmediate(() => resolve({ code, signal, stdout, stderr })));
  });
}

/** One line on stderr, `ghl-payments: …`, no stack trace. */
function expectOneLineError(res: CliResult, code: number, pattern: RegExp): void {
  expect(res.code).toBe(code);
  expect(res.stderr).toMatch(/^ghl-payments: [^\n]+\n$/);
  expect(res.stderr).toMatch(pattern);
  expect(res.stderr).not.toMatch(/\n\s+at /);
}

describe('ghl-payments accounts', () => {
  let t: TestDatabase;
  let mp: FakeMercadoPago;
  let ghl: FakeGhl;
  let dir: string;
  const outputs: string[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: t.url, MP_API_URL: mp.url, GHL_API_URL: ghl.url, LOG_DIR: path.join(dir, 'logs'), ...KEY_ENV, ...extra,
  });
  const record = (res: CliResult) => { outputs.push(res.stdout + res.stderr); return res; };
  const run = async (args: string[], extra: Record<string, string> = {}) => record(await runCli(BIN.ghlPayments, ['accounts', ...args], env(extra)));
  const runStdin = async (args: string[], input: string, extra: Record<string, string> = {}) => record(await runWithStdin(['accounts', ...args], env(extra), input));
  const keyIdsOf = async (slug: string) => {
    const r = (await t.db.getAccount(slug))!;
    return [r.mpAccessTokenEnc, r.mpWebhookSecretsEnc, r.ghlTokenEnc].map((v) => v!.split(':')[1]);
  };
  const keyFile = () => path.join(path.dirname(t.url), 'secrets.key');
  const write = (name: string, text: string) => { const file = path.join(dir, name); fs.writeFileSync(file, text); return file; };

  beforeAll(async () => {
    t = await createTestDatabase();
    mp = await createFakeMercadoPago({ accessToken: MP_TOKEN });
    ghl = await createFakeGhl({ token: GHL_TOKEN, locationId: 'loc-acme' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-accounts-cli-'));
  });
  afterAll(async () => {
    await Promise.all([mp.close(), ghl.close()]);
    await t.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('add: stores the account with its secrets encrypted and prints the webhook URL and the new key file', async () => {
    const res = await run(['add', 'acme', '--name', 'Acme SA', '--mp-access-token', MP_TOKEN, '--mp-webhook-secret', `${SECRET_ONE}, ${SECRET_TWO}`,
      '--ghl-token', GHL_TOKEN, '--ghl-location-id', 'loc-acme']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^added account acme$/m);
    expect(res.stdout).toMatch(/^ {2}MercadoPago token +…9e5a$/m);
    expect(res.stdout).toMatch(/^ {2}webhook secrets +…91fd, …3e07$/m);
    expect(res.stdout).toMatch(/^ {2}GoHighLevel token +…2a6c$/m);
    expect(res.stdout).toContain('Paste the webhook URL into MercadoPago (Your integrations → your application → Webhooks): http://127.0.0.1:8000/webhooks/mp/acme');
    if (TEST_DIALECT === 'sqlite') {
      expect(res.stdout).toContain(`created the secrets key ${keyFile()} (mode 0600): back it up`);
      expect(res.stdout).toContain('with PostgreSQL on several hosts, set SECRETS_KEY');
      expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    } else {
      expect(res.stdout).not.toContain('created the secrets key');
    }

    const stored = (await t.db.getAccount('acme'))!;
    expect(stored).toMatchObject({ name: 'Acme SA', enabled: true, ghlLocationId: 'loc-acme', mpAccessTokenLast4: '…9e5a', ghlTokenLast4: '…2a6c', mpWebhookSecretsLast4: '…91fd,…3e07', rules: null });
    expect(stored.mpAccessTokenEnc).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(stored)).not.toContain(MP_TOKEN);

    // a second add of the same account prints no "created the key" line: the file is reused
    const second = await run(['add', 'beta', '--name', 'Beta', '--ghl-token', 'pit-beta-token-0000abcd']);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('created the secrets key');
    expect(second.stdout).toContain('still missing: --mp-access-token, --ghl-location-id');
  });

  it('add: secrets from standard input ("-", one line each, in flag order) and from ACCOUNT_* variables', async () => {
    const res = await runStdin(['add', 'piped', '--name', 'Piped', '--ghl-token', '-', '--mp-access-token', '-', '--mp-webhook-secret', '-', '--ghl-location-id', 'loc-piped'],
      `${STDIN_MP_TOKEN}\r\n${STDIN_SECRET}\n${STDIN_GHL_TOKEN}\n`);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const piped = (await t.db.getAccount('piped'))!;
    expect(piped).toMatchObject({ mpAccessTokenLast4: '…8c7d', mpWebhookSecretsLast4: '…4d3c', ghlTokenLast4: '…0f9e' });

    const fromEnv = await run(['add', 'from-env', '--name', 'From env'], { ACCOUNT_GHL_TOKEN: ENV_GHL_TOKEN });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/^added account from-env \(--ghl-token taken from ACCOUNT_GHL_TOKEN\)$/m);
    expect((await t.db.getAccount('from-env'))!.ghlTokenLast4).toBe('…6e5f');

    const short = await runStdin(['add', 'short', '--name', 'Short', '--mp-access-token', '-', '--ghl-token', '-'], `${STDIN_MP_TOKEN}\n`);
    expectOneLineError(short, 2, /--ghl-token is "-" but standard input ended before its line: give one line per "-" flag, in the order --mp-access-token, --ghl-token/);
    expect(await t.db.getAccount('short')).toBeNull();
  });

  it('the decrypted secrets are those given', async () => {
    const box = TEST_DIALECT === 'postgres'
      ? createSecretBox(Buffer.from(ENV_KEY, 'hex'))
      : loadSecretBox({ env: {}, dataDir: path.dirname(t.url), create: false }).box;
    expect(openAccount(box, (await t.db.getAccount('acme'))!)).toMatchObject({ mpAccessToken: MP_TOKEN, ghlToken: GHL_TOKEN, mpWebhookSecrets: [SECRET_ONE, SECRET_TWO] });
    expect(openAccount(box, (await t.db.getAccount('piped'))!)).toMatchObject({ mpAccessToken: STDIN_MP_TOKEN, ghlToken: STDIN_GHL_TOKEN, mpWebhookSecrets: [STDIN_SECRET] });
  });

  it('refuses a bad slug, "default", a duplicate and bad values in one line, writing nothing', async () => {
    const [badSlug, reserved, duplicate, placeholder, emptySecret, blankName, missingName] = await Promise.all([
      run(['add', 'Acme Store', '--name', 'x']),
      run(['add', 'default', '--name', 'x']),
      run(['add', 'acme', '--name', 'Other', '--mp-access-token', 'APP_USR-other-token-1234']),
      run(['add', 'gamma', '--name', 'x', '--mp-access-token', 'APP_USR-123…']),
      run(['add', 'gamma', '--name', 'x', '--mp-webhook-secret', 'a-secret-1234,,b-secret-5678']),
      run(['add', 'gamma', '--name', '  ']),
      run(['add', 'gamma']),
    ]);
    expectOneLineError(badSlug, 2, /invalid account slug "Acme Store": use 1 to 24 lower-case letters, digits and dashes/);
    expectOneLineError(reserved, 2, /the slug "default" is reserved for the shop configured in the environment/);
    expectOneLineError(duplicate, 1, /^ghl-payments: account "acme" already exists: change it with `ghl-payments accounts update acme …`\n$/);
    expect((await t.db.getAccount('acme'))!.name).toBe('Acme SA');
    expectOneLineError(placeholder, 2, /--mp-access-token is not a usable MercadoPago access token: it contains "…"/);
    expectOneLineError(emptySecret, 2, /--mp-webhook-secret has an empty secret/);
    expectOneLineError(blankName, 2, /invalid --name/);
    expect(missingName.code).toBe(2);
    expect(missingName.stderr).toMatch(/required option '--name <text>' not specified/);
    expect(await t.db.getAccount('gamma')).toBeNull();
  });

  it('validates a rules file, naming the file, the rule and the field, and stores a good one as text', async () => {
    const bad = write('bad-rules.yaml', 'rules:\n  - name: cursos\n    when: { status: approved }\n    actions:\n      - addTags: []\n');
    expectOneLineError(await run(['add', 'gamma', '--name', 'Gamma', '--rules-file', bad]), 2,
      new RegExp(`^ghl-payments: rules file ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: rule "cursos" \\(rules\\[0\\]\\) actions\\[0\\]\\.addTags: at least one tag\\n$`));
    expectOneLineError(await run(['update', 'acme', '--rules-file', path.join(dir, 'nope.yaml')]), 2, /rules file .*nope\.yaml does not exist: check the path given to --rules-file/);

    const text = 'rules:\n  - name: vip\n    when: { status: approved }\n    actions:\n      - addTags: [cliente-vip]\n';
    const good = write('acme-rules.yaml', text);
    const updated = await run(['update', 'acme', '--rules-file', good]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toBe('updated account acme: rules own\n');
    expect((await t.db.getAccount('acme'))!.rules).toBe(text);
    expect((await run(['show', 'acme'])).stdout).toMatch(/^ {2}rules +own \(1 rule: vip\)$/m);
  });

  it('list and show: every field, secrets by their last four characters only; --json too', async () => {
    const list = await run(['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^SLUG +NAME +ENABLED +GHL LOCATION +MP TOKEN +GHL TOKEN +WEBHOOK SECRETS +RULES +UPDATED \(UTC\)$/m);
    expect(list.stdout).toMatch(/^acme +Acme SA +yes +loc-acme +…9e5a +…2a6c +…91fd,…3e07 +own +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/m);
    expect(list.stdout).toMatch(/^beta +Beta +yes +- +- +…abcd +- +defaults /m);

    const json = JSON.parse((await run(['list', '--json'])).stdout) as { data: Array<Record<string, unknown>> };
    expect(json.data.map((a) => a.slug)).toEqual(['acme', 'beta', 'from-env', 'piped']);
    expect(json.data[0]).toEqual({
      slug: 'acme', name: 'Acme SA', enabled: true, ghl_location_id: 'loc-acme', mp_access_token_last4: '…9e5a', mp_webhook_secrets_last4: ['…91fd', '…3e07'],
      ghl_token_last4: '…2a6c', rules: 'own', viewer_token: false, webhook_url: 'http://127.0.0.1:8000/webhooks/mp/acme',
      created_at: expect.stringMatching(/Z$/), updated_at: expect.stringMatching(/Z$/),
    });

    const show = await run(['show', 'acme'], { PUBLIC_URL: 'https://pagos.example.com' });
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^Account acme {2}"Acme SA" {2}enabled$/m);
    expect(show.stdout).toMatch(/^ {2}GoHighLevel location +loc-acme$/m);
    expect(show.stdout).toMatch(/^ {2}webhook URL +https:\/\/pagos\.example\.com\/webhooks\/mp\/acme$/m);
    const showJson = JSON.parse((await run(['show', 'beta', '--json'], { HOST: '0.0.0.0', PORT: '9100' })).stdout) as Record<string, unknown>;
    expect(showJson).toMatchObject({ slug: 'beta', ghl_token_last4: '…abcd', mp_access_token_last4: null, webhook_url: 'http://0.0.0.0:9100/webhooks/mp/beta', rules_text: null });
  });

  it('update changes only the fields given; --default-rules (or --rules-file none) drops the own rules', async () => {
    const before = (await t.db.getAccount('acme'))!;
    const res = await run(['update', 'acme', '--name', 'Acme Argentina', '--default-rules']);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('updated account acme: name "Acme Argentina"; rules defaults (the deployment\'s rules)\n');
    const after = (await t.db.getAccount('acme'))!;
    expect(after).toMatchObject({ name: 'Acme Argentina', rules: null, mpAccessTokenEnc: before.mpAccessTokenEnc, ghlTokenEnc: before.ghlTokenEnc, ghlLocationId: 'loc-acme' });
    expect(after.updatedAt).toBeGreaterThanOrEqual(before.updatedAt);

    await run(['update', 'beta', '--rules-file', write('beta.yaml', 'rules: []\n')]);
    expect((await run(['update', 'beta', '--rules-file', 'none'])).code).toBe(0);
    expect((await t.db.getAccount('beta'))!.rules).toBeNull();

    const piped = await runStdin(['update', 'beta', '--mp-access-token', '-'], 'APP_USR-beta-mp-token-11112222\n');
    expect(piped.stdout).toMatch(/^updated account beta: MercadoPago access token …2222 \(from standard input\)$/m);

    expectOneLineError(await run(['update', 'acme']), 2, /nothing to change: give at least one of --name/);
    expectOneLineError(await run(['update', 'acme', '--default-rules', '--rules-file', 'x.yaml']), 2, /--default-rules and --rules-file contradict each other/);
  });

  it('disable and enable', async () => {
    const disabled = await run(['disable', 'beta']);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/^disabled account beta: notifications to its webhook URL are refused \(404\)/);
    expect((await t.db.getAccount('beta'))!.enabled).toBe(false);
    expect((await run(['list'])).stdout).toMatch(/^beta +Beta +no /m);
    expect((await run(['disable', 'beta'])).stdout).toBe('account beta is already disabled\n');
    expect((await run(['enable', 'beta'])).code).toBe(0);
    expect((await t.db.getAccount('beta'))!.enabled).toBe(true);
  });

  it.each([['show'], ['update', '--name', 'x'], ['disable'], ['enable'], ['test'], ['viewer-token']])('%s of an unknown account: one line, exit 1', async (command, ...rest) => {
    expectOneLineError(await run([command, 'nope', ...rest]), 1, /^ghl-payments: no account "nope": see ghl-payments accounts list\n$/);
  });

  it('test: doctor\'s checks with the account\'s credentials against the deployment\'s API URLs', async () => {
    const ok = await run(['test', 'acme']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✓ account acme has a MercadoPago token, a GoHighLevel token and a GoHighLevel location');
    expect(ok.stdout).toMatch(/^✓ MercadoPago accepted the --mp-access-token of acme: account /m);
    expect(ok.stdout).toMatch(/^✓ GoHighLevel accepted the --ghl-token of acme for location .*\(loc-acme\)$/m);
    expect(ok.stdout).toMatch(/All checks passed\.\n$/);
    expect(mp.requests.some((r) => r.path === '/users/me')).toBe(true);

    // a wrong GoHighLevel token: a clear ✗ line with what to fix, exit 1
    expect((await runStdin(['update', 'acme', '--ghl-token', '-'], 'pit-revoked-ghl-token-9999\n')).code).toBe(0);
    const refused = await run(['test', 'acme']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^✗ GoHighLevel refused the credentials on GET \/locations\/loc-acme \(HTTP 401: .*\): check the --ghl-token of acme/m);
    expect(refused.stdout).toContain('→ the --ghl-token of acme is a Private Integration token of location loc-acme');
    expect(refused.stdout).toContain('1 problem to fix (✗)');
    expect(refused.stdout).toContain('`ghl-payments accounts test acme` again');
    expect(refused.stdout + refused.stderr).not.toContain('pit-revoked-ghl-token-9999');
    expect((await run(['update', 'acme', '--ghl-token', GHL_TOKEN])).code).toBe(0);

    // an account without credentials: each missing one is a ✗ saying how to set it; nothing is called
    const incomplete = await run(['test', 'from-env']);
    expect(incomplete.code).toBe(1);
    expect(incomplete.stdout).toContain('✗ account from-env has no MercadoPago access token\n    → set it with `ghl-payments accounts update from-env --mp-access-token -`');
    expect(incomplete.stdout).toContain('✗ account from-env has no GoHighLevel location');
  });

  it('a key that cannot read the stored secrets: one line naming the key in use, never a secret', async () => {
    const res = await run(['test', 'acme'], { SECRETS_KEY: randomBytes(32).toString('hex') });
    expectOneLineError(res, 1, /^ghl-payments: cannot decrypt account:acme:[a-z_]+: it was written with key [0-9a-f]{8}, which is neither the current key .*; the key in use is SECRETS_KEY: restore the key/);
  });

  it('viewer-token: printed once, stored as its SHA-256 only; --revoke clears it', async () => {
    const res = await run(['viewer-token', 'acme']);
    expect(res.code).toBe(0);
    const token = res.stdout.trim().split('\n').pop()!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const hash = createHash('sha256').update(token).digest('hex');
    const stored = (await t.db.getAccount('acme'))!;
    expect(stored.viewerTokenHash).toBe(hash);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await t.db.findAccountByViewerToken(hash))!.slug).toBe('acme');
    const show = await run(['show', 'acme', '--json']);
    expect(show.stdout).not.toContain(token);
    expect(show.stdout).not.toContain(hash);
    expect(JSON.parse(show.stdout)).toMatchObject({ viewer_token: true });

    const replaced = await run(['viewer-token', 'acme']);
    expect(replaced.stdout).toMatch(/^replaced the viewer token of acme/);
    expect(await t.db.findAccountByViewerToken(hash)).toBeNull();

    const revoked = await run(['viewer-token', 'acme', '--revoke']);
    expect(revoked.stdout).toBe('revoked the viewer token of acme: it no longer opens anything\n');
    expect((await t.db.getAccount('acme'))!.viewerTokenHash).toBeNull();
  });

  if (TEST_DIALECT === 'sqlite') {
    it('rotate-key: a new key file, the old one kept, every account re-encrypted and still working', async () => {
      const before = await keyIdsOf('acme');
      expect(new Set(before).size).toBe(1);
      const oldKey = fs.readFileSync(keyFile(), 'utf8').trim();
      const res = await run(['rotate-key']);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const newKey = fs.readFileSync(keyFile(), 'utf8').trim();
      const newId = createHash('sha256').update(Buffer.from(newKey, 'hex')).digest('hex').slice(0, 8);
      expect(newKey).not.toBe(oldKey);
      expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(`${keyFile()}.previous`, 'utf8')).toContain(oldKey);
      expect(res.stdout).toContain(`new secrets key ${keyFile()} (key ${newId}); the previous key is kept in ${keyFile()}.previous`);
      expect(res.stdout).toMatch(/^re-encrypted 4 accounts with the new key/m);
      expect(before[0]).not.toBe(newId);
      for (const slug of ['acme', 'beta', 'from-env', 'piped']) {
        const r = (await t.db.getAccount(slug))!;
        const ids = [r.mpAccessTokenEnc, r.mpWebhookSecretsEnc, r.ghlTokenEnc].filter((v) => v !== null).map((v) => v!.split(':')[1]);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids).toEqual(ids.map(() => newId));
      }
      // without the previous key the accounts still decrypt: they were rewritten with the new one
      fs.rmSync(`${keyFile()}.previous`);
      const box = loadSecretBox({ env: {}, dataDir: path.dirname(t.url), create: false }).box;
      expect(openAccount(box, (await t.db.getAccount('acme'))!)).toMatchObject({ mpAccessToken: MP_TOKEN, ghlToken: GHL_TOKEN });
      const tested = await run(['test', 'acme']);
      expect(tested.code).toBe(0);
      expect(tested.stdout).toMatch(/All checks passed\.\n$/);
    });

    it('the database file never holds a secret in clear', () => {
      const folder = path.dirname(t.url);
      const files = fs.readdirSync(folder).filter((f) => f.startsWith(path.basename(t.url)));
      expect(files).toContain(path.basename(t.url));
      const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(folder, f))));
      expect(bytes.includes('v1:')).toBe(true);
      for (const secret of SECRETS) expect(bytes.includes(secret)).toBe(false);
    });
  }

  it('rotate-key is refused when the key comes from SECRETS_KEY; reencrypt moves the accounts to a new SECRETS_KEY', async () => {
    const refused = await run(['rotate-key'], { SECRETS_KEY: ENV_KEY });
    expectOneLineError(refused, 2, /^ghl-payments: SECRETS_KEY is set, so there is no key file to rotate: set SECRETS_KEY to a new key .* and SECRETS_KEY_PREVIOUS to the old one, then re-encrypt with `ghl-payments accounts reencrypt`\n$/);

    // the old key: SECRETS_KEY on PostgreSQL, the key file on SQLite
    const oldKey = TEST_DIALECT === 'postgres' ? ENV_KEY : fs.readFileSync(keyFile(), 'utf8').trim();
    const newKey = randomBytes(32).toString('hex');
    const newId = createHash('sha256').update(Buffer.from(newKey, 'hex')).digest('hex').slice(0, 8);
    const rotatedEnv = { SECRETS_KEY: newKey, SECRETS_KEY_PREVIOUS: oldKey };
    const res = await run(['reencrypt'], rotatedEnv);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^re-encrypted 4 accounts with key ${newId} \\(SECRETS_KEY\\)`));
    expect(await keyIdsOf('acme')).toEqual([newId, newId, newId]);
    const tested = await run(['test', 'acme'], { SECRETS_KEY: newKey });
    expect(tested.code).toBe(0);
    expect((await run(['reencrypt'], rotatedEnv)).stdout).toMatch(/^re-encrypted 0 accounts/);
  });

  it('no output ever held a secret: only last four characters', () => {
    expect(outputs.length).toBeGreaterThan(20);
    const all = outputs.join('\n');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    expect(all).toContain('…9e5a');
  });

  it('--help describes every subcommand', async () => {
    const [help, addHelp] = await Promise.all([runCli(BIN.ghlPayments, ['accounts', '--help'], env()), runCli(BIN.ghlPayments, ['accounts', 'add', '--help'], env())]);
    expect(help.code).toBe(0);
    expect(addHelp.code).toBe(0);
    expect(addHelp.stdout).toContain('A secret flag given as "-" is read from standard input, one line per "-" flag');
    const accounts = buildProgram().commands.find((c) => c.name() === 'accounts')!;
    const names = accounts.commands.map((c) => c.name());
    expect(names).toEqual(['add', 'list', 'show', 'update', 'disable', 'enable', 'test', 'viewer-token', 'rotate-key', 'reencrypt']);
    for (const sub of accounts.commands) {
      expect(sub.description().length).toBeGreaterThan(20);
      expect(help.stdout).toMatch(new RegExp(`^ {2}${sub.name()} `, 'm'));
    }
  });
});
