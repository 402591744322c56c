import { execFile } from 'node:child_process';
import pg from 'pg';
import { ROOT } from './processes';

export interface BenchPostgres {
  adminUrl: string;
  /** How the server was obtained, for the report. */
  origin: string;
  /** Stops the server if this run started it. */
  stop(): Promise<void>;
}

const DEFAULT_PORT = 55433;

function run(command: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout: String(stdout), stderr: String(stderr) || (err ? err.message : '') });
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL server for the benchmarks: BENCH_PG_URL when set (used as is), else a throwaway server of its own on
 * port BENCH_PG_PORT (default 55433, not the test suite's) started with `.ci/start-postgres.sh` — which installs
 * PostgreSQL if missing — and switched to durable commits (fsync, synchronous_commit and full_page_writes on; the
 * script turns them off for tests). Resolves to a reason string when no server can be had.
 */
export async function preparePostgres(log: (m: string) => void): Promise<BenchPostgres | string> {
  const given = process.env.BENCH_PG_URL;
  if (given) {
    if (!(await reachable(given))) return `BENCH_PG_URL (${redact(given)}) is not reachable`;
    return { adminUrl: given, origin: 'BENCH_PG_URL (settings left as they are)', stop: async () => undefined };
  }
  const port = Number(process.env.BENCH_PG_PORT ?? DEFAULT_PORT);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let startedHere = false;
  if (!(await reachable(url))) {
    log(`starting PostgreSQL on port ${port} (.ci/start-postgres.sh)…`);
    const started = await run('bash', ['.ci/start-postgres.sh', String(port)], 600_000);
    if (!started.ok || !(await reachable(url))) {
      return `could not start PostgreSQL with .ci/start-postgres.sh ${port}: ${started.stderr.trim().split('\n').slice(-3).join(' ')}`;
    }
    startedHere = true;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes']) await client.query(`ALTER SYSTEM SET ${setting} = on`);
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
  return {
    adminUrl: url,
    origin: `own throwaway server on port ${port} (.ci/start-postgres.sh${startedHere ? ', started by this run' : ', already running'}), durable commits switched on`,
    async stop() {
      if (!startedHere) return;
      const dir = `/tmp/ghl-payments-pg-${port}`;
      const bin = await run('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'], 10_000);
      const pgCtl = `${bin.stdout.trim()}/pg_ctl -D ${dir} stop -m fast`;
      const asPostgres = process.getuid?.() === 0 ? ['su', ['postgres', '-s', '/bin/bash', '-c', pgCtl]] as const : ['bash', ['-c', pgCtl]] as const;
      await run(asPostgres[0], [...asPostgres[1]], 60_000);
    },
  };
}

/** The server's version and the settings that decide what a commit costs. */
export async function describePostgres(adminUrl: string): Promise<{ version: string; settings: Record<string, string> }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
    const settings: Record<string, string> = {};
    for (const name of ['fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections']) {
      settings[name] = String((await client.query(`SHOW ${name}`)).rows[0][name]);
    }
    return { version, settings };
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
