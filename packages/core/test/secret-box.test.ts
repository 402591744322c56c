import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, SecretBoxError, createSecretBox, lastFour, loadSecretBox, parseSecretsKey, rotateKeyFile } from '../src';

const onPosix = process.platform !== 'win32';
const posixIt = onPosix ? it : it.skip;

/** The error `fn` throws (the test fails when it throws none). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error, none was thrown');
}

/** Replaces one character of a base64url part of a stored value with another valid one. */
function flipPart(ciphertext: string, index: number): string {
  const parts = ciphertext.split(':');
  const part = parts[index];
  const at = Math.floor(part.length / 2);
  parts[index] = `${part.slice(0, at)}${part[at] === 'A' ? 'B' : 'A'}${part.slice(at + 1)}`;
  return parts.join(':');
}

const CONTEXT = 'account:acme:mp_access_token';
const SECRET = 'APP_USR-5521-120611-topsecretvalue';

describe('createSecretBox', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('round-trips a secret, in the documented format, with a key id that is not the key', () => {
    const stored = box.encrypt(SECRET, CONTEXT);
    expect(stored).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(stored.split(':')[1]).toBe(box.keyId);
    expect(key.toString('hex')).not.toContain(box.keyId);
    expect(stored).not.toContain(SECRET);
    expect(box.decrypt(stored, CONTEXT)).toBe(SECRET);
    expect(box.decrypt(box.encrypt('', CONTEXT), CONTEXT)).toBe('');
    expect(box.decrypt(box.encrypt('ñandú ✓ 🔑', CONTEXT), CONTEXT)).toBe('ñandú ✓ 🔑');
  });

  it('gives a different ciphertext each time for the same text', () => {
    const a = box.encrypt(SECRET, CONTEXT);
    const b = box.encrypt(SECRET, CONTEXT);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
  });

  it('refuses a value read under another context (another account or column)', () => {
    const stored = box.encrypt(SECRET, CONTEXT);
    for (const other of ['account:other:mp_access_token', 'account:acme:ghl_token', '']) {
      const err = thrown(() => box.decrypt(stored, other));
      expect(err).toBeInstanceOf(SecretBoxError);
      expect(err.message).toMatch(/altered, or it belongs to another account or field/);
    }
  });

  it.each([
    ['the tag', 3],
    ['the ciphertext', 4],
    ['the IV', 2],
  ])('refuses a value whose %s was altered, without the plaintext or key in the message', (_what, index) => {
    const stored = box.encrypt(SECRET, CONTEXT);
    const err = thrown(() => box.decrypt(flipPart(stored, index), CONTEXT));
    expect(err).toBeInstanceOf(SecretBoxError);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(key.toString('hex'));
    expect(err.message).not.toContain(key.toString('base64'));
    expect(err.message).not.toContain('\n');
  });

  it('refuses a value written with a key it does not hold, naming only key ids', () => {
    const otherKey = randomBytes(32);
    const stored = createSecretBox(otherKey).encrypt(SECRET, CONTEXT);
    const err = thrown(() => box.decrypt(stored, CONTEXT));
    expect(err).toBeInstanceOf(SecretBoxError);
    expect(err.message).toMatch(/written with key [0-9a-f]{8}, which is neither the current key/);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(otherKey.toString('hex'));
  });

  it('refuses a value written with the same key id but another key (a forged id)', () => {
    const stored = createSecretBox(randomBytes(32)).encrypt(SECRET, CONTEXT).split(':');
    stored[1] = box.keyId;
    expect(() => box.decrypt(stored.join(':'), CONTEXT)).toThrow(SecretBoxError);
  });

  it.each([
    ['plaintext', SECRET],
    ['another version', 'v2:abcdef12:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['too few parts', 'v1:abcdef12:AAAA'],
    ['a bad key id', 'v1:ABCDEF12:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['a short IV', 'v1:abcdef12:AAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA'],
    ['a short tag', 'v1:abcdef12:AAAAAAAAAAAAAAAA:AAAA:AAAA'],
    ['non-base64url characters', 'v1:abcdef12:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AA+/'],
  ])('refuses an unknown format (%s) in one line without echoing the value', (_what, value) => {
    const err = thrown(() => box.decrypt(value, CONTEXT));
    expect(err).toBeInstanceOf(SecretBoxError);
    expect(err.message).toMatch(/^Cannot decrypt account:acme:mp_access_token: not a stored secret in the v1 format/);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('\n');
    expect(() => box.needsRotation(value)).toThrow(SecretBoxError);
  });

  it('decrypts with previous keys and says which values need rotation', () => {
    const oldKey = randomBytes(32);
    const oldStored = createSecretBox(oldKey).encrypt(SECRET, CONTEXT);
    const rotated = createSecretBox(randomBytes(32), [oldKey]);
    expect(rotated.decrypt(oldStored, CONTEXT)).toBe(SECRET);
    expect(rotated.needsRotation(oldStored)).toBe(true);
    const fresh = rotated.encrypt(SECRET, CONTEXT);
    expect(rotated.needsRotation(fresh)).toBe(false);
    expect(fresh.split(':')[1]).toBe(rotated.keyId);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(ConfigError);
    expect(() => createSecretBox(randomBytes(32), [randomBytes(31)])).toThrow(/Previous secrets key 1 must be 32 bytes/);
  });
});

describe('parseSecretsKey', () => {
  const key = randomBytes(32);

  it.each([
    ['hex', key.toString('hex')],
    ['upper-case hex with a newline', `${key.toString('hex').toUpperCase()}\n`],
    ['base64', key.toString('base64')],
    ['base64 without padding', key.toString('base64').replace(/=+$/, '')],
    ['base64url', key.toString('base64url')],
  ])('reads %s', (_what, raw) => {
    expect(parseSecretsKey(raw).equals(key)).toBe(true);
  });

  it.each([
    ['too short', 'abc123'],
    ['hex of 31 bytes', randomBytes(31).toString('hex')],
    ['base64 of 48 bytes', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple correct horse battery'],
    ['empty', ''],
  ])('refuses %s with a one-line ConfigError that names SECRETS_KEY and not the value', (_what, raw) => {
    const err = thrown(() => parseSecretsKey(raw));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^SECRETS_KEY must be 32 random bytes/);
    expect(err.message).toContain('openssl rand -hex 32');
    expect(err.message).not.toContain('\n');
    if (raw !== '') expect(err.message).not.toContain(raw);
  });
});

describe('lastFour', () => {
  it('shows the last four characters of a long secret and nothing of a short one', () => {
    expect(lastFour('APP_USR-5521-a1b2')).toBe('…a1b2');
    expect(lastFour('12345678')).toBe('…5678');
    expect(lastFour('1234567')).toBe('…');
    expect(lastFour('abc')).toBe('…');
    expect(lastFour('')).toBe('…');
  });
});

describe('loadSecretBox and rotateKeyFile', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-secret-box-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  const keyFile = () => path.join(dir, 'data', 'secrets.key');
  const previousFile = () => path.join(dir, 'data', 'secrets.key.previous');
  const dataDir = () => path.join(dir, 'data');

  it('creates the key file (mode 0600, folder too) on first use and reuses it after', () => {
    const first = loadSecretBox({ env: {}, dataDir: dataDir() });
    expect(first).toMatchObject({ source: 'file', file: keyFile(), created: true });
    const text = fs.readFileSync(keyFile(), 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    if (onPosix) expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
    const stored = first.box.encrypt(SECRET, CONTEXT);

    const second = loadSecretBox({ env: {}, dataDir: dataDir() });
    expect(second).toMatchObject({ source: 'file', file: keyFile(), created: false });
    expect(second.box.keyId).toBe(first.box.keyId);
    expect(second.box.decrypt(stored, CONTEXT)).toBe(SECRET);
    expect(fs.readFileSync(keyFile(), 'utf8')).toBe(text);
  });

  it('agrees on one key when two loads race on a fresh folder', () => {
    const a = loadSecretBox({ env: {}, dataDir: dataDir() });
    const b = loadSecretBox({ env: {}, dataDir: dataDir() });
    expect(b.box.keyId).toBe(a.box.keyId);
    expect([a.created, b.created]).toEqual([true, false]);
  });

  it('reads the existing file when it appears between the existence check and the write (the losing process)', () => {
    fs.mkdirSync(dataDir());
    const winner = randomBytes(32);
    const realExists = fs.existsSync;
    const spy = jest.spyOn(fs, 'existsSync').mockImplementation((p) => {
      if (p === keyFile() && !realExists(keyFile())) {
        fs.writeFileSync(keyFile(), `${winner.toString('hex')}\n`, { mode: 0o600 });
        return false;
      }
      return realExists(p);
    });
    try {
      const loaded = loadSecretBox({ env: {}, dataDir: dataDir() });
      expect(loaded.created).toBe(false);
      expect(loaded.box.keyId).toBe(createSecretBox(winner).keyId);
    } finally {
      spy.mockRestore();
    }
  });

  it('with create: false, a missing key file is a ConfigError and nothing is written', () => {
    expect(() => loadSecretBox({ env: {}, dataDir: dataDir(), create: false })).toThrow(/No secrets key: .*secrets\.key does not exist and SECRETS_KEY is not set/);
    expect(fs.existsSync(dataDir())).toBe(false);
  });

  posixIt('refuses a key file other users can read, saying chmod 600', () => {
    fs.mkdirSync(dataDir());
    const key = randomBytes(32).toString('hex');
    fs.writeFileSync(keyFile(), `${key}\n`);
    fs.chmodSync(keyFile(), 0o644);
    const err = thrown(() => loadSecretBox({ env: {}, dataDir: dataDir() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain(`chmod 600 ${keyFile()}`);
    expect(err.message).toContain('mode 0644');
    expect(err.message).not.toContain(key);
    fs.chmodSync(keyFile(), 0o600);
    expect(loadSecretBox({ env: {}, dataDir: dataDir() }).box.keyId).toBe(createSecretBox(Buffer.from(key, 'hex')).keyId);
  });

  it('refuses a damaged key file without suggesting a new key or showing its content', () => {
    fs.mkdirSync(dataDir());
    fs.writeFileSync(keyFile(), 'not-a-key-at-all\n', { mode: 0o600 });
    const err = thrown(() => loadSecretBox({ env: {}, dataDir: dataDir() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('restore it from a backup');
    expect(err.message).not.toContain('not-a-key-at-all');
  });

  it('uses SECRETS_KEY without creating or reading any file', () => {
    const key = randomBytes(32);
    const loaded = loadSecretBox({ env: { SECRETS_KEY: key.toString('hex') }, dataDir: dataDir() });
    expect(loaded).toEqual({ box: expect.anything(), source: 'env', created: false });
    expect(loaded.box.keyId).toBe(createSecretBox(key).keyId);
    expect(fs.existsSync(dataDir())).toBe(false);
  });

  it('treats an empty SECRETS_KEY as unset', () => {
    expect(loadSecretBox({ env: { SECRETS_KEY: '' }, dataDir: dataDir() }).source).toBe('file');
  });

  it('refuses a bad SECRETS_KEY with a one-line ConfigError that does not show it, creating no file', () => {
    const bad = 'my-very-secret-passphrase-2024';
    const err = thrown(() => loadSecretBox({ env: { SECRETS_KEY: bad }, dataDir: dataDir() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^SECRETS_KEY must be 32 random bytes/);
    expect(err.message).toContain('openssl rand -hex 32');
    expect(err.message).not.toContain(bad);
    expect(err.message).not.toContain('\n');
    expect(fs.existsSync(dataDir())).toBe(false);
  });

  it('decrypts with SECRETS_KEY_PREVIOUS keys, comma-separated', () => {
    const [oldA, oldB, current] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const storedA = createSecretBox(oldA).encrypt('a', CONTEXT);
    const storedB = createSecretBox(oldB).encrypt('b', CONTEXT);
    const env = { SECRETS_KEY: current.toString('hex'), SECRETS_KEY_PREVIOUS: `${oldA.toString('hex')}, ${oldB.toString('base64')}` };
    const { box } = loadSecretBox({ env, dataDir: dataDir() });
    expect([box.decrypt(storedA, CONTEXT), box.decrypt(storedB, CONTEXT)]).toEqual(['a', 'b']);
    expect(box.needsRotation(storedA)).toBe(true);
    const err = thrown(() => loadSecretBox({ env: { ...env, SECRETS_KEY_PREVIOUS: 'oops' }, dataDir: dataDir() }));
    expect(err.message).toMatch(/^SECRETS_KEY_PREVIOUS \(entry 1\) must be 32 random bytes/);
    expect(err.message).not.toContain('oops');
  });

  it('rotates the key file: old values still decrypt and need rotation, new ones do not, the old key is kept', () => {
    const before = loadSecretBox({ env: {}, dataDir: dataDir() });
    const oldKeyHex = fs.readFileSync(keyFile(), 'utf8').trim();
    const oldStored = before.box.encrypt(SECRET, CONTEXT);

    const rotated = rotateKeyFile({ env: {}, dataDir: dataDir() });
    expect(rotated).toMatchObject({ source: 'file', file: keyFile(), created: true });
    expect(rotated.box.keyId).not.toBe(before.box.keyId);
    expect(fs.readFileSync(previousFile(), 'utf8')).toBe(`${oldKeyHex}\n`);
    expect(fs.readFileSync(keyFile(), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(fs.readFileSync(keyFile(), 'utf8').trim()).not.toBe(oldKeyHex);
    if (onPosix) {
      expect(fs.statSync(keyFile()).mode & 0o777).toBe(0o600);
      expect(fs.statSync(previousFile()).mode & 0o777).toBe(0o600);
    }
    expect(fs.readdirSync(dataDir()).sort()).toEqual(['secrets.key', 'secrets.key.previous']);

    expect(rotated.box.decrypt(oldStored, CONTEXT)).toBe(SECRET);
    expect(rotated.box.needsRotation(oldStored)).toBe(true);
    const reencrypted = rotated.box.encrypt(rotated.box.decrypt(oldStored, CONTEXT), CONTEXT);
    expect(rotated.box.needsRotation(reencrypted)).toBe(false);

    const reloaded = loadSecretBox({ env: {}, dataDir: dataDir() });
    expect(reloaded.box.keyId).toBe(rotated.box.keyId);
    expect(reloaded.box.decrypt(oldStored, CONTEXT)).toBe(SECRET);

    const again = rotateKeyFile({ env: {}, dataDir: dataDir() });
    expect(fs.readFileSync(previousFile(), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(again.box.decrypt(oldStored, CONTEXT)).toBe(SECRET);
    expect(again.box.decrypt(reencrypted, CONTEXT)).toBe(SECRET);
  });

  it('refuses to rotate when the key comes from SECRETS_KEY, touching no file', () => {
    const err = thrown(() => rotateKeyFile({ env: { SECRETS_KEY: randomBytes(32).toString('hex') }, dataDir: dataDir() }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/SECRETS_KEY is set.*set SECRETS_KEY to a new key.*SECRETS_KEY_PREVIOUS to the old one/);
    expect(fs.existsSync(dataDir())).toBe(false);
  });

  it('refuses to rotate when there is no key file', () => {
    expect(() => rotateKeyFile({ env: {}, dataDir: dataDir() })).toThrow(/No secrets key to rotate/);
  });
});
