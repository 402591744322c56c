import http from 'node:http';

/**
 * Whether a receiver answers 200 on /healthz within `timeoutMs`. A fresh connection each time (no keep-alive pool),
 * so a receiver that is stopping can never leave the check waiting on a pooled socket.
 */
export function isHealthy(port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => { req.destroy(); resolve(false); });
    req.on('error', () => resolve(false));
  });
}
