import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = {
  ghlPayments: path.join(ROOT, 'packages/cli/bin/ghl-payments.js'),
  processWebhooks: path.join(ROOT, 'packages/cli/bin/process-webhooks.js'),
};
const OUTPUT_KEPT = 4 * 1024 * 1024;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process started by the benchmarks: output kept (bounded), peak RSS readable, stoppable. */
export interface BenchProcess {
  child: ChildProcess;
  pid: number;
  name: string;
  /** The last 4 MB of stdout + stderr (read from its output file). */
  output(): string;
  exited: Promise<ExitInfo>;
  /** Resolves once the output matches (rejects on timeout or exit). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Highest resident set size seen so far, in kB (VmHWM from /proc; null where unavailable). */
  peakRssKb(): number | null;
  /** SIGTERM (then SIGKILL after `graceMs`); resolves when it has exited. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/**
 * VmHWM (peak RSS), VmRSS and RssAnon (the private part of VmRSS: heap and stacks, not the pages of the node binary
 * and libraries that other processes share) of a live process, in kB; null off Linux or once it has exited.
 */
export function readRss(pid: number): { peakKb: number; currentKb: number; anonKb: number | null } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+)/.exec(status);
    const current = /VmRSS:\s+(\d+)/.exec(status);
    const anon = /RssAnon:\s+(\d+)/.exec(status);
    if (!peak || !current) return null;
    return { peakKb: Number(peak[1]), currentKb: Number(current[1]), anonKb: anon ? Number(anon[1]) : null };
  } catch {
    return null;
  }
}

let logCounter = 0;

/**
 * Starts `node [-r tsx/cjs] script args…` with exactly `env` (plus PATH and HOME). `.ts` scripts run through tsx, like
 * the project's bins. Its stdout and stderr go to a file (as under a service manager), not a pipe: a synchronous pipe
 * write would make the process under test wait for this runner to be scheduled. Peak RSS is sampled every 200 ms so
 * it survives the process's exit.
 */
export function startProcess(name: string, script: string, args: string[], env: Record<string, string>, options: { logDir?: string; nodeArgs?: string[] } = {}): BenchProcess {
  const nodeArgs = [...(options.nodeArgs ?? []), ...(script.endsWith('.ts') ? ['-r', 'tsx/cjs', script] : [script]), ...args];
  logCounter += 1;
  const logDir = options.logDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-bench-out-'));
  const ownsLogDir = options.logDir === undefined;
  const logFile = path.join(logDir, `${name.replace(/[^a-z0-9]+/gi, '-')}-${process.pid}-${logCounter}.out`);
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  let out = '';
  let readUpTo = 0;
  const refresh = (): string => {
    try {
      const size = fs.statSync(logFile).size;
      if (size > readUpTo) {
        const start = Math.max(readUpTo, size - OUTPUT_KEPT);
        const buffer = Buffer.alloc(size - start);
        const rfd = fs.openSync(logFile, 'r');
        fs.readSync(rfd, buffer, 0, buffer.length, start);
        fs.closeSync(rfd);
        out = (start > readUpTo ? '' : out) + buffer.toString('utf8');
        if (out.length > OUTPUT_KEPT) out = out.slice(-OUTPUT_KEPT);
        readUpTo = size;
      }
    } catch {
      // the file is gone (cleaned up): keep what we have
    }
    return out;
  };
  let peak: number | null = null;
  const sample = (): void => {
    const rss = child.pid ? readRss(child.pid) : null;
    if (rss) peak = Math.max(peak ?? 0, rss.peakKb);
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();
  let hasExited = false;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      hasExited = true;
      refresh();
      if (ownsLogDir) fs.rmSync(logDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid: child.pid ?? -1,
    name,
    output: refresh,
    exited,
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (pattern.test(refresh())) return;
        if (hasExited) throw new Error(`${name} exited before printing ${pattern}; output:\n${out.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`${name}: timed out waiting for ${pattern}; output:\n${out.slice(-4000)}`);
        await new Promise((r) => { setTimeout(r, 25); });
      }
    },
    peakRssKb() {
      sample();
      return peak;
    },
    async stop(graceMs = 15_000) {
      if (!hasExited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => { if (!hasExited) child.kill('SIGKILL'); }, graceMs);
        const info = await exited;
        clearTimeout(timer);
        return info;
      }
      return exited;
    },
  };
}

/** CPU time (user + system) a live process has used so far, in ms (from /proc; null off Linux or once it has exited). */
export function cpuTimeMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}
