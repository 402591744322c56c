import type http from 'node:http';

const IDLE_SWEEP_MS = 50;

/**
 * Stops accepting connections, lets in-flight requests finish for at most `timeoutMs`, then cuts the rest.
 * Keep-alive connections are closed as soon as they turn idle, so close() does not wait for their timeout.
 */
export function closeServer(server: http.Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
