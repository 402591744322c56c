import http from 'node:http';
import https from 'node:https';
import axios, { AxiosInstance } from 'axios';
import { fromJsonBody, toJsonBody } from './json-transforms';
import { nodeHttpAdapter } from './node-http-adapter';

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
  /** What to pass as a request's `signal` so it ends within timeoutMs even if the server trickles bytes. */
  deadlineSignal(): AbortSignal | undefined;
  close(): void;
}

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/**
 * `false` when no proxy variable is set: axios would otherwise read them from the environment again on every request
 * (a measurable share of the worker's CPU per event). With one set, axios keeps honouring them (and NO_PROXY).
 */
export function readProxySetting(env: NodeJS.ProcessEnv = process.env): false | undefined {
  return PROXY_VARIABLES.some((name) => env[name]) ? undefined : false;
}

/**
 * Builds an axios instance for one upstream: keep-alive agents (idle sockets do not keep the process alive),
 * a per-request timeout, no redirects (a redirect would carry the bearer token elsewhere), bounded bodies, JSON by default.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const proxy = readProxySetting();
  const lean = proxy === false;
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    httpAgent,
    httpsAgent,
    maxRedirects: 0,
    proxy,
    // a lean transport when no proxy is involved (node-http-adapter.ts); axios' own adapter handles proxies
    adapter: lean ? nodeHttpAdapter : 'http',
    maxContentLength: 5 * 1024 * 1024,
    maxBodyLength: 1024 * 1024,
    transformRequest: [toJsonBody],
    transformResponse: [fromJsonBody],
  });
  // One flat set of headers instead of axios' per-method defaults, which every request would merge again.
  instance.defaults.headers = { Accept: 'application/json', ...options.headers } as unknown as typeof instance.defaults.headers;
  return {
    axios: instance,
    timeoutMs: options.timeoutMs,
    // the lean adapter's timeout already covers the whole exchange; axios' own only socket inactivity
    deadlineSignal: () => (lean ? undefined : createDeadline(options.timeoutMs)),
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
