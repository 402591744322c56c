import net from 'node:net';
import { findFreePort } from './free-port';

/** A TCP proxy to a database server that a test can take down (connections cut, new ones refused) and bring back. */
export interface TcpProxy {
  port: number;
  /** Rewrites a postgres:// URL to go through the proxy. */
  via(url: string): string;
  /** Listens (again) on the same port. */
  up(): Promise<void>;
  /** Stops listening and cuts every open connection. */
  down(): Promise<void>;
}

export async function createTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const port = await findFreePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const track = (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); };
  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async up() {
      if (server) return;
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        track(client);
        track(upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      await new Promise<void>((resolve, reject) => { server!.once('error', reject); server!.listen(port, '127.0.0.1', () => resolve()); });
    },
    async down() {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      if (s) await new Promise((resolve) => s.close(resolve));
    },
  };
}
