import { setMaxListeners } from 'node:events';
import http, { RequestListener } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** Where to listen: port 0 (the default) picks a free port; host defaults to 127.0.0.1. */
export interface ListenOptions {
  port?: number;
  host?: string;
}

/** A running HTTP server that can be closed quickly, whatever its clients are doing. */
export interface ListeningServer {
  /** `http://127.0.0.1:43125`, no trailing slash. */
  url: string;
  port: number;
  host: string;
  /** Aborts when close() starts: pending delays and hung answers give up. */
  signal: AbortSignal;
  /** Stops listening and destroys every open connection (keep-alive, in-flight or hung); safe to call twice. */
  close(): Promise<void>;
}

/** Starts an HTTP server for `handler` and tracks its sockets so close() never waits on a client. */
export async function listenServer(handler: RequestListener, options: ListenOptions = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer({ noDelay: true }, handler);
  // Like the providers' load balancers, keep idle connections for a minute: Node's 5 s default races with
  // clients reusing a keep-alive socket and shows up as sporadic ECONNRESETs in benchmarks. close() ends them anyway.
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per pending delay; thousands are normal under load
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    host,
    signal: controller.signal,
    close() {
      closing ??= new Promise<void>((resolve) => {
        controller.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
}
