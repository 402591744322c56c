import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance } from 'axios';

export interface HttpClientOptions {
  baseURL: string;
  timeoutMs: number;
  /** Sent with every request (auth, version). Never copied into error messages. */
  headers?: Record<string, string>;
}

/** An axios instance on its own keep-alive agents, plus a way to free those sockets. */
export interface HttpClient {
  axios: AxiosInstance;
  timeoutMs: number;
  close(): void;
}

/**
 * Builds an axios instance for one upstream: keep-alive agents (idle sockets do not keep the process alive),
 * a per-request timeout, no redirects (a redirect would carry the bearer token elsewhere), bounded bodies, JSON by default.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    httpAgent,
    httpsAgent,
    maxRedirects: 0,
    maxContentLength: 5 * 1024 * 1024,
    maxBodyLength: 1024 * 1024,
    headers: { Accept: 'application/json', ...options.headers },
  });
  return {
    axios: instance,
    timeoutMs: options.timeoutMs,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** An abort signal that fires after the timeout even if the server keeps trickling bytes (axios' timeout is per socket idle). */
export function createDeadline(timeoutMs: number): AbortSignal {
  return AbortSignal.timeout(timeoutMs + 250);
}
