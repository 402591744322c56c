import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = {
  ghlPayments: path.join(ROOT, 'packages/cli/bin/ghl-payments.js'),
  processWebhooks: path.join(ROOT, 'packages/cli/bin/process-webhooks.js'),
};

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<CliResult>;
  /** Resolves once stdout or stderr matches. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has exited; rejects, naming the process and its output, after `timeoutMs`. */
  exitedWithin(timeoutMs?: number): Promise<CliResult>;
}

/** Starts one of the project's commands as a real child process with the given environment. */
export function startCli(bin: string, args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners: Array<() => void> = [];
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); listeners.forEach((l) => l()); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); listeners.forEach((l) => l()); });
  const exited = new Promise<CliResult>((resolve) => {
    child.on('exit', (code, signal) => {
      // let the pipes drain
      setImmediate(() => resolve({ code, signal, stdout: out, stderr: err }));
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    exitedWithin(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${path.basename(bin)} ${args.join(' ')} still running after ${timeoutMs}ms; stdout=${out} stderr=${err}`)), timeoutMs);
      });
      return Promise.race([exited, late]).finally(() => clearTimeout(timer));
    },
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (pattern.test(out) || pattern.test(err)) {
            clearTimeout(timer);
            resolve();
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stdout=${out} stderr=${err}`)), timeoutMs);
        if (!check()) listeners.push(() => { check(); });
        exited.then(() => { if (!check()) { clearTimeout(timer); reject(new Error(`process exited before ${pattern}; stdout=${out} stderr=${err}`)); } });
      });
    },
  };
}

/** Runs a command to completion. */
export function runCli(bin: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return startCli(bin, args, env).exited;
}
