import readline from 'node:readline';
import { Writable } from 'node:stream';
import { findPlaceholderReason } from '@ghl-payments/core';
import type { AccountSecrets } from '@ghl-payments/store';

/** The secret flags of `accounts add|update`, as commander gives them. */
export interface SecretFlags {
  mpAccessToken?: string;
  mpWebhookSecret?: string;
  ghlToken?: string;
  ghlWorkflowSecret?: string;
}

type SecretKey = keyof SecretFlags;

/**
 * Each secret flag, in the order `-` values are read from standard input, with the variable read when the flag is
 * absent and the deployment variable whose rules (placeholders, HTTP-header characters) apply to its value.
 */
export const SECRET_FLAGS: ReadonlyArray<{ key: SecretKey; flag: string; env: string; like: string; label: string }> = [
  { key: 'mpAccessToken', flag: '--mp-access-token', env: 'ACCOUNT_MP_ACCESS_TOKEN', like: 'MP_ACCESS_TOKEN', label: 'MercadoPago access token' },
  { key: 'mpWebhookSecret', flag: '--mp-webhook-secret', env: 'ACCOUNT_MP_WEBHOOK_SECRET', like: 'MP_WEBHOOK_SECRET', label: 'MercadoPago webhook secret' },
  { key: 'ghlToken', flag: '--ghl-token', env: 'ACCOUNT_GHL_TOKEN', like: 'GHL_API_TOKEN', label: 'GoHighLevel token' },
  { key: 'ghlWorkflowSecret', flag: '--ghl-workflow-secret', env: 'ACCOUNT_GHL_WORKFLOW_SECRET', like: 'GHL_WORKFLOW_SECRET', label: 'GoHighLevel workflow secret' },
];

/** A secret that cannot be used as given: one line naming the flag (never the value) and what to do. */
export class SecretInputError extends Error {}

/** The secrets given, and where each came from (`--ghl-token`, `standard input`, `ACCOUNT_GHL_TOKEN`), for the summary. */
export interface ReadSecrets {
  secrets: AccountSecrets;
  sources: Partial<Record<SecretKey, string>>;
}

/** Reads `count` lines: from a pipe or file as they are, from a terminal one hidden prompt per secret. */
export type LineReader = (prompts: string[]) => Promise<string[]>;

/**
 * The secrets of the flags: a value of `-` is read from standard input (one line per `-` flag, in the order of
 * SECRET_FLAGS); an absent flag falls back to its ACCOUNT_* variable; neither leaves the secret unchanged (undefined).
 * `--mp-webhook-secret` holds one or more comma-separated secrets.
 */
export async function readSecretFlags(flags: SecretFlags, env: NodeJS.ProcessEnv, readLines: LineReader = readStdinLines): Promise<ReadSecrets> {
  const fromStdin = SECRET_FLAGS.filter((s) => flags[s.key] === '-');
  const lines = fromStdin.length > 0 ? await readLines(fromStdin.map((s) => `${s.label} (${s.flag}): `)) : [];
  const out: ReadSecrets = { secrets: {}, sources: {} };
  for (const spec of SECRET_FLAGS) {
    let raw: string | undefined;
    let source: string;
    if (flags[spec.key] === '-') {
      const i = fromStdin.indexOf(spec);
      if (i >= lines.length) {
        throw new SecretInputError(`${spec.flag} is "-" but standard input ended before its line: give one line per "-" flag, `
          + `in the order ${fromStdin.map((s) => s.flag).join(', ')}`);
      }
      raw = lines[i];
      source = 'standard input';
    } else if (flags[spec.key] !== undefined) {
      raw = flags[spec.key];
      source = spec.flag;
    } else if (env[spec.env] !== undefined && env[spec.env] !== '') {
      raw = env[spec.env];
      source = spec.env;
    } else {
      continue;
    }
    const where = source === spec.flag ? spec.flag : `${spec.flag} (from ${source})`;
    const values = spec.key === 'mpWebhookSecret' ? splitSecrets(raw!) : [raw!.trim()];
    if (values.length === 0 || values.every((v) => v === '')) {
      throw new SecretInputError(`${where} is empty: give the ${spec.label}${spec.key === 'mpWebhookSecret' ? ' (several: comma-separated)' : ''}`);
    }
    if (values.some((v) => v === '')) throw new SecretInputError(`${where} has an empty secret between two commas: give the secrets separated by single commas`);
    for (const value of values) {
      // eslint-disable-next-line no-control-regex
      const reason = findPlaceholderReason(spec.like, value) ?? (/[\s\u0000-\u001f\u007f]/.test(value) ? 'it contains spaces or control characters' : undefined);
      if (reason) throw new SecretInputError(`${where} is not a usable ${spec.label}: ${reason}; paste the value again`);
    }
    if (spec.key === 'mpWebhookSecret') out.secrets.mpWebhookSecrets = values;
    else out.secrets[spec.key] = values[0];
    out.sources[spec.key] = source;
  }
  return out;
}

/** MP_WEBHOOK_SECRET's format: comma-separated, blanks around each ignored; an empty entry is kept (and refused). */
function splitSecrets(raw: string): string[] {
  const parts = raw.split(',').map((p) => p.trim());
  return parts.length > 1 && parts[parts.length - 1] === '' ? parts.slice(0, -1) : parts;
}

/**
 * One line per prompt from standard input. From a terminal each is asked on stderr and typed without echo; from a
 * pipe the lines are read as they come (a missing line is reported by the caller). Standard input is let go after.
 */
export async function readStdinLines(prompts: string[]): Promise<string[]> {
  const input = process.stdin;
  try {
    return input.isTTY ? await askHidden(prompts) : await readPipedLines(input, prompts.length);
  } finally {
    input.pause();
    if (!input.isTTY) input.destroy();
  }
}

async function readPipedLines(input: NodeJS.ReadableStream, count: number): Promise<string[]> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  const lines: string[] = [];
  try {
    for await (const line of rl) {
      lines.push(line);
      if (lines.length === count) break;
    }
  } finally {
    rl.close();
  }
  return lines;
}

async function askHidden(prompts: string[]): Promise<string[]> {
  const muted = new Writable({ write(_chunk, _encoding, done) { done(); } });
  const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
  const closed = new Promise<null>((resolve) => { rl.once('close', () => resolve(null)); });
  const lines: string[] = [];
  try {
    for (const prompt of prompts) {
      process.stderr.write(prompt);
      // Ctrl-D or Ctrl-C ends the input: the lines so far are returned and the missing one is reported
      const line = await Promise.race([new Promise<string>((resolve) => { rl.question('', resolve); }), closed]);
      process.stderr.write('\n');
      if (line === null) break;
      lines.push(line);
    }
  } finally {
    rl.close();
  }
  return lines;
}
