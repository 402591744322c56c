import net from 'node:net';

/** How long the probe of the program holding the port may take. */
const PROBE_TIMEOUT_MS = 1500;

/** The address a client on this machine uses for a listen address (a wildcard becomes loopback). */
function localAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** True when something answers GET /healthz on the port the way a ghl-payments receiver does (`{"status": …}`). */
async function isGhlPaymentsReceiver(host: string, port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://${localAddress(host)}:${port}/healthz`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    const body = await res.json() as { status?: unknown };
    return (res.status === 200 && body.status === 'ok') || (res.status === 503 && body.status === 'unavailable');
  } catch {
    return false;
  }
}

/** Tries to listen on host:port; resolves to the error code (EADDRINUSE, EACCES …), or undefined when it is free. */
function tryListen(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'EUNKNOWN'));
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
}

/**
 * What to tell the operator about a listen error on host:port, in one line: which port, whether the program on it
 * is another ghl-payments (probed through its /healthz), and how to pick another. undefined for other errors.
 */
export async function describeListenError(code: string | undefined, host: string, port: number): Promise<string | undefined> {
  const pickAnother = `pick another port: PORT=${port === 9001 ? 9002 : 9001} npm start (or npm start -- --port ${port === 9001 ? 9002 : 9001})`;
  if (code === 'EADDRINUSE') {
    const holder = await isGhlPaymentsReceiver(host, port)
      ? `another ghl-payments is already running there (its /healthz answers): stop it (Ctrl-C in its terminal) or use it, or ${pickAnother}`
      : `another program is listening there: stop it, or ${pickAnother}`;
    return `port ${port} on ${host} is already in use: ${holder}`;
  }
  if (code === 'EACCES') return `port ${port} on ${host} needs administrator rights on this system: ${pickAnother}`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine (HOST or --host): use 127.0.0.1, or 0.0.0.0 for every interface`;
  return undefined;
}

/** Checks before starting that host:port can be listened on; resolves to the one-line explanation when it cannot. */
export async function findPortProblem(host: string, port: number): Promise<string | undefined> {
  const code = await tryListen(host, port);
  if (!code) return undefined;
  return (await describeListenError(code, host, port)) ?? `cannot listen on ${host}:${port} (${code})`;
}
