import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { parsePort, parseRateLimitFlag, startSandboxServers } from '@ghl-payments/sandbox';
import { ghlAuth, http, mpAuth } from './http-client';

const MAIN = path.join(__dirname, '..', 'src', 'main.ts');

describe('startSandboxServers', () => {
  it('starts both fakes with shared options and the env that points the product at them', async () => {
    const sandbox = await startSandboxServers({ mercadoPago: { accessToken: 'mp-x' }, ghl: { locationId: 'loc-9' } });
    try {
      expect(sandbox.env).toEqual({
        MP_API_URL: sandbox.mercadoPago.url, MP_ACCESS_TOKEN: 'mp-x',
        GHL_API_URL: sandbox.ghl.url, GHL_API_TOKEN: 'TEST-ghl-token', GHL_LOCATION_ID: 'loc-9',
      });
      expect(sandbox.mercadoPago.url).not.toBe(sandbox.ghl.url);
      expect((await http.get(`${sandbox.mercadoPago.url}/users/me`, mpAuth('mp-x'))).status).toBe(200);
      expect((await http.get(`${sandbox.ghl.url}/locations/loc-9`, ghlAuth())).status).toBe(200);
      sandbox.reset();
      expect(sandbox.mercadoPago.requests).toHaveLength(0);
      expect(sandbox.ghl.requests).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox command line', () => {
  it('parses ports and rate limits strictly', () => {
    expect(parsePort('9001')).toBe(9001);
    expect(() => parsePort('70000')).toThrow(/port/);
    expect(() => parsePort('abc')).toThrow(/port/);
    expect(parseRateLimitFlag('100/10000')).toEqual({ requests: 100, perMs: 10000 });
    expect(parseRateLimitFlag('off')).toBeNull();
    expect(() => parseRateLimitFlag('100')).toThrow(/requests\/milliseconds/);
  });

  it('prints --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/--mp-port <port>/);
    expect(stdout).toMatch(/--ghl-port <port>/);
  });

  it('starts both fakes, prints their URLs and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', MAIN, '--mp-port', '0', '--ghl-port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await readUntil(child, /GHL_LOCATION_ID=/);
      const mpUrl = /Fake MercadoPago: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const ghlUrl = /Fake GoHighLevel: (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(mpUrl).toBeDefined();
      expect(ghlUrl).toBeDefined();
      const payment = await http.get(`${mpUrl}/v1/payments/123`, mpAuth());
      expect(payment.status).toBe(200);
      expect(payment.data.status).toBe('approved');
      expect((await http.get(`${ghlUrl}/locations/loc-test`, ghlAuth())).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

function readUntil(child: ChildProcess, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in output: ${output}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}
