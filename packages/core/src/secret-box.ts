import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';

/** The key file in the data folder, and the file of keys it replaced (one per line, oldest first). */
export const SECRETS_KEY_FILE = 'secrets.key';
export const PREVIOUS_SECRETS_KEYS_FILE = 'secrets.key.previous';

const FORMAT_VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const GENERATE_HINT = 'generate one with `openssl rand -hex 32`';
const RESTORE_HINT = 'restore it from a backup (a new key cannot read the secrets already stored)';

/** Encrypts and decrypts account secrets for storage; see createSecretBox. */
export interface SecretBox {
  /** Id of the key new ciphertexts are written with: first 8 hex chars of SHA-256 of the key (never the key). */
  readonly keyId: string;
  /**
   * `v1:<keyId>:<iv b64url>:<tag b64url>:<ciphertext b64url>`, fresh 12-byte random IV each call. `context`
   * (e.g. `account:acme:mp_access_token`) is bound as AAD so a ciphertext cannot be moved to another column/account.
   */
  encrypt(plaintext: string, context: string): string;
  /**
   * Throws SecretBoxError (one clear line, never the plaintext or key) on a wrong key, a tampered value, a wrong
   * context or an unknown format. Accepts ciphertexts of any key it holds (current + previous).
   */
  decrypt(ciphertext: string, context: string): string;
  /** True when `ciphertext` was written with a key other than the current one (rotation needed). */
  needsRotation(ciphertext: string): boolean;
}

/** A stored secret cannot be read back: unknown format or key, altered, or read under another context. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** The box to use and where its current key came from. */
export interface LoadedSecretBox {
  box: SecretBox;
  source: 'env' | 'file';
  /** The key file, when the key came from one. */
  file?: string;
  /** True when the key file was written by this call (first use, or a rotation). */
  created: boolean;
}

/** First 8 hex characters of the key's SHA-256: names a key in ciphertexts and messages without revealing it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

interface ParsedCiphertext {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Splits a stored value into its parts, or throws a SecretBoxError saying what shape was expected. */
function parseCiphertext(ciphertext: string): ParsedCiphertext {
  const unknown = (why: string) => new SecretBoxError(`not a stored secret in the ${FORMAT_VERSION} format (${why})`);
  if (typeof ciphertext !== 'string') throw unknown(`got ${ciphertext === null ? 'null' : typeof ciphertext}`);
  const parts = ciphertext.split(':');
  if (parts[0] !== FORMAT_VERSION) throw unknown('it does not start with "v1:"');
  if (parts.length !== 5) throw unknown(`expected 5 ":"-separated parts, found ${parts.length}`);
  const [, keyId, iv, tag, data] = parts;
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw unknown('the key id is not 8 hex characters');
  if (![iv, tag, data].every((part) => B64URL.test(part))) throw unknown('a part is not base64url');
  const parsed = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
  if (parsed.iv.length !== IV_BYTES) throw unknown(`the IV is ${parsed.iv.length} bytes, not ${IV_BYTES}`);
  if (parsed.tag.length !== TAG_BYTES) throw unknown(`the tag is ${parsed.tag.length} bytes, not ${TAG_BYTES}`);
  return parsed;
}

function assertKey(key: Buffer, what: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new ConfigError(`${what} must be ${KEY_BYTES} bytes; ${GENERATE_HINT}`);
  }
}

/** Builds a box from the current 32-byte key and optional previous keys (decrypt-only, for rotation). */
export function createSecretBox(key: Buffer, previousKeys: Buffer[] = []): SecretBox {
  assertKey(key, 'The secrets key');
  previousKeys.forEach((previous, i) => assertKey(previous, `Previous secrets key ${i + 1}`));
  const current = Buffer.from(key);
  const keyId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[keyId, current]]);
  for (const previous of previousKeys) {
    const id = keyIdOf(previous);
    if (!keys.has(id)) keys.set(id, Buffer.from(previous));
  }

  return {
    keyId,
    encrypt(plaintext, context) {
      if (typeof plaintext !== 'string') throw new SecretBoxError(`Cannot encrypt ${context}: the secret is not a string`);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [FORMAT_VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
    },
    decrypt(ciphertext, context) {
      let parsed: ParsedCiphertext;
      try {
        parsed = parseCiphertext(ciphertext);
      } catch (err) {
        throw new SecretBoxError(`Cannot decrypt ${context}: ${(err as Error).message}`);
      }
      const secretKey = keys.get(parsed.keyId);
      if (!secretKey) {
        throw new SecretBoxError(`Cannot decrypt ${context}: it was written with key ${parsed.keyId}, which is neither the current key (${keyId}) nor a previous one`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, parsed.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(parsed.tag);
        return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(`Cannot decrypt ${context}: the value was altered, or it belongs to another account or field`);
      }
    },
    needsRotation(ciphertext) {
      try {
        return parseCiphertext(ciphertext).keyId !== keyId;
      } catch (err) {
        throw new SecretBoxError(`Cannot tell which key wrote a stored secret: ${(err as Error).message}`);
      }
    },
  };
}

/**
 * Decodes a key written as 64 hex characters or base64/base64url of 32 bytes; `name` says where it came from and
 * `remedy` what to do about a bad one.
 */
function parseKey(raw: string, name: string, remedy = GENERATE_HINT): Buffer {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(text)) {
    const key = Buffer.from(text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
    if (key.length === KEY_BYTES) return key;
  }
  throw new ConfigError(`${name} must be ${KEY_BYTES} random bytes written as 64 hex characters or base64 (the value given is ${text.length} characters and is neither); ${remedy}`);
}

/**
 * Parses SECRETS_KEY: 64 hex chars or base64/base64url of 32 bytes; throws ConfigError naming SECRETS_KEY and saying
 * how to generate one (`openssl rand -hex 32`), never echoing the value.
 */
export function parseSecretsKey(raw: string): Buffer {
  return parseKey(raw, 'SECRETS_KEY');
}

/** SECRETS_KEY_PREVIOUS: comma-separated keys in any format SECRETS_KEY accepts; empty entries are ignored. */
function parsePreviousFromEnv(raw: string | undefined): Buffer[] {
  if (raw === undefined) return [];
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s, i) => parseKey(s, `SECRETS_KEY_PREVIOUS (entry ${i + 1})`, 'give the old keys exactly as SECRETS_KEY held them'));
}

/** Refuses a key file other users can read or change: the key unlocks every stored secret. */
function assertPrivate(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(`${file} holds the secrets key but other users can access it (mode ${mode.toString(8).padStart(4, '0')}); run \`chmod 600 ${file}\``);
  }
}

/** Blocks the thread for a moment (no timers: key loading is synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads the key file. A process that lost the race to create it may find it opened but not yet written: an empty
 * file is read again for a short while before it is reported.
 */
function readKeyFile(file: string): Buffer {
  assertPrivate(file);
  let text = fs.readFileSync(file, 'utf8');
  for (let attempt = 0; text.trim() === '' && attempt < 50; attempt += 1) {
    pause(20);
    text = fs.readFileSync(file, 'utf8');
  }
  if (text.trim() === '') throw new ConfigError(`${file} is empty: ${RESTORE_HINT}`);
  return parseKey(text, file, RESTORE_HINT);
}

/** The keys of `secrets.key.previous`, one per line (blank lines and `#` comments ignored); none when it is absent. */
function readPreviousFile(file: string): Buffer[] {
  if (!fs.existsSync(file)) return [];
  assertPrivate(file);
  const keys: Buffer[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const text = line.trim();
    if (text !== '' && !text.startsWith('#')) keys.push(parseKey(text, `${file} line ${i + 1}`, RESTORE_HINT));
  });
  return keys;
}

/** SECRETS_KEY when set to something other than the empty string (an empty assignment counts as unset). */
function envKey(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SECRETS_KEY;
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

/** Writes a new random key to `file` (mode 0600) only if no file is there; false when another process was first. */
function createKeyFile(file: string): boolean {
  try {
    fs.writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  fs.chmodSync(file, 0o600);
  return true;
}

/**
 * The key to use: SECRETS_KEY from env when set (then no file is touched), else the key file `<dataDir>/secrets.key`
 * (64 hex chars + newline), created on first use with mode 0600 (create the folder if needed; `fs.writeFileSync` with
 * flag 'wx' so two processes starting together do not overwrite each other — if it already exists, read it). On POSIX,
 * a key file readable by group/others is refused with a ConfigError saying `chmod 600 <file>`.
 * Previous keys for rotation: `<dataDir>/secrets.key.previous` lines (hex), if present; or SECRETS_KEY_PREVIOUS
 * (comma-separated) in env. With a key file both are read, so moving from SECRETS_KEY to a key file keeps old values
 * readable when the old key is given as SECRETS_KEY_PREVIOUS.
 * Returns { box, source: 'env' | 'file', file?: string, created: boolean }. With `create: false` a missing key file is
 * a ConfigError instead.
 */
export function loadSecretBox(options: { env: NodeJS.ProcessEnv; dataDir: string; create?: boolean }): LoadedSecretBox {
  const fromEnv = envKey(options.env);
  const previousFromEnv = parsePreviousFromEnv(options.env.SECRETS_KEY_PREVIOUS);
  if (fromEnv !== undefined) {
    return { box: createSecretBox(parseSecretsKey(fromEnv), previousFromEnv), source: 'env', created: false };
  }
  const file = path.join(options.dataDir, SECRETS_KEY_FILE);
  let created = false;
  if (!fs.existsSync(file)) {
    if (options.create === false) {
      throw new ConfigError(`No secrets key: ${file} does not exist and SECRETS_KEY is not set; set SECRETS_KEY (${GENERATE_HINT}) or start once to create the file`);
    }
    fs.mkdirSync(options.dataDir, { recursive: true });
    created = createKeyFile(file);
  }
  const key = readKeyFile(file);
  const previous = [...readPreviousFile(path.join(options.dataDir, PREVIOUS_SECRETS_KEYS_FILE)), ...previousFromEnv];
  return { box: createSecretBox(key, previous), source: 'file', file, created };
}

/** Writes `text` to `file` in one step: a private temporary file, flushed, then renamed over it. */
function replaceFile(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.chmodSync(temp, 0o600);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Adds one line to `file` (created with mode 0600) and flushes it to disk. */
function appendLine(file: string, line: string): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Key rotation: generates a new key file, moving the current key into `secrets.key.previous` (appending), returns the
 * new box (holding old keys for decrypt). Refuses (ConfigError) when the key comes from SECRETS_KEY (the operator
 * rotates it: set SECRETS_KEY to the new key and SECRETS_KEY_PREVIOUS to the old one), and when there is no key file.
 * The old key is saved before the new one replaces it, so a crash in between loses nothing. Meant to run once at a
 * time (an operator command): two rotations at once would each write a new key and one would be lost.
 * Re-encrypting the rows is the caller's job (it lists the rows, decrypts with the box, encrypts again).
 */
export function rotateKeyFile(options: { env: NodeJS.ProcessEnv; dataDir: string }): LoadedSecretBox {
  if (envKey(options.env) !== undefined) {
    throw new ConfigError('SECRETS_KEY is set, so there is no key file to rotate: set SECRETS_KEY to a new key (`openssl rand -hex 32`) and SECRETS_KEY_PREVIOUS to the old one, then re-encrypt');
  }
  parsePreviousFromEnv(options.env.SECRETS_KEY_PREVIOUS);
  const file = path.join(options.dataDir, SECRETS_KEY_FILE);
  if (!fs.existsSync(file)) throw new ConfigError(`No secrets key to rotate: ${file} does not exist`);
  const oldKey = readKeyFile(file);
  const previousFile = path.join(options.dataDir, PREVIOUS_SECRETS_KEYS_FILE);
  readPreviousFile(previousFile);
  appendLine(previousFile, oldKey.toString('hex'));
  replaceFile(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`);
  const loaded = loadSecretBox({ env: options.env, dataDir: options.dataDir, create: false });
  return { ...loaded, created: true };
}

/**
 * The last four characters of a secret, for display ("…a1b2"); secrets shorter than eight characters show only "…"
 * (four characters would give away too much of them).
 */
export function lastFour(secret: string): string {
  const chars = Array.from(secret ?? '');
  return chars.length < 8 ? '…' : `…${chars.slice(-4).join('')}`;
}
