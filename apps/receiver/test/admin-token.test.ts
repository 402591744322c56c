import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger, createSilentLogger, listSecrets, loadConfig } from '@ghl-payments/core';
import { createTestDatabase, TestDatabase } from '@ghl-payments/test-support';
import { ensureAdminToken, startReceiver } from '../src';

describe('ensureAdminToken', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-admin-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('uses ADMIN_TOKEN when set and writes nothing', () => {
    expect(ensureAdminToken({ configured: 'from-the-environment-Tq8zK3mW6xR1pV5n', dataDir: dir })).toEqual({ token: 'from-the-environment-Tq8zK3mW6xR1pV5n', source: 'env' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('generates a strong token once, readable only by its owner, and reuses it', () => {
    const first = ensureAdminToken({ dataDir: path.join(dir, 'data') });
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(first.file!).mode & 0o777).toBe(0o600);
    const again = ensureAdminToken({ dataDir: path.join(dir, 'data') });
    expect(again).toEqual({ token: first.token, source: 'file', file: first.file });
    expect(ensureAdminToken({ dataDir: path.join(dir, 'other') }).token).not.toBe(first.token);
  });

  it('refuses a file that holds no usable token', () => {
    fs.writeFileSync(path.join(dir, 'admin-token'), 'short\n');
    expect(() => ensureAdminToken({ dataDir: dir })).toThrow(/admin-token does not hold a usable admin token/);
  });
});

describe('startReceiver with the operator routes', () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeEach(async () => {
    t = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-data-'));
  });
  afterEach(async () => {
    await t.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['es', 'No había ADMIN_TOKEN, así que se generó uno', 'Panel del operador (este enlace inicia la sesión una sola vez, dentro de 10 minutos):'],
    ['pt-BR', 'Não havia ADMIN_TOKEN, então um foi gerado', 'Painel do operador (este link faz o login uma única vez, em até 10 minutos):'],
  ])('tells the console where the dashboard is in UI_LANGUAGE=%s (the log line stays English)', async (language, generated, link) => {
    const config = { ...loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_DIR: path.join(dataDir, 'logs'), UI_LANGUAGE: language }), dataDir };
    const printed: string[] = [];
    const receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, print: (text) => printed.push(text) });
    try {
      expect(printed.join('')).toContain(generated);
      expect(printed.join('')).toContain(`${link}\n    ${receiver.url}/admin/login?code=`);
    } finally {
      await receiver.close();
    }
  });

  it('generates the token on first start, prints the sign-in link once (console only) and serves /api and /admin', async () => {
    const config = { ...loadConfig({ DATABASE_URL: t.url, PORT: '0', LOG_DIR: path.join(dataDir, 'logs') }), dataDir };
    const printed: string[] = [];
    const logger = createLogger({ dir: config.log.dir, console: false, secrets: listSecrets(config) });
    const first = await startReceiver({ config, logger, store: t.db, print: (text) => printed.push(text) });
    try {
      const token = fs.readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
      expect(first.admin).toMatchObject({ source: 'generated', token });
      expect(printed.join('')).toMatch(new RegExp(`${first.url}/admin/login\\?code=[\\w-]{32}\n`));
      expect(printed.join('')).not.toContain(token);
      expect((await fetch(`${first.url}/api/stats`)).status).toBe(401);
      expect((await fetch(`${first.url}/api/stats`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      const login = await fetch(`${first.url}/admin`, { redirect: 'manual' });
      expect(login.status).toBe(303);
    } finally {
      await first.close();
    }
    const second = await startReceiver({ config, logger, store: t.db, print: (text) => printed.push(text) });
    await second.close();
    expect(second.admin?.source).toBe('file');
    expect(printed).toHaveLength(1);
    await closeLogger(logger);
    const log = fs.readFileSync(path.join(config.log.dir, 'webhook.log'), 'utf8');
    expect(log).toContain('operator dashboard at');
    expect(log).not.toContain(first.admin!.token);
  });

  it('can leave the operator routes out', async () => {
    const config = { ...loadConfig({ DATABASE_URL: t.url, PORT: '0' }), dataDir };
    const receiver = await startReceiver({ config, logger: createSilentLogger(), store: t.db, operators: false });
    try {
      expect((await fetch(`${receiver.url}/api/stats`)).status).toBe(404);
      expect(fs.existsSync(path.join(dataDir, 'admin-token'))).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
