import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type * as Axios from 'axios';
import type { AxiosInstance } from 'axios';
import type { AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

export interface HttpClientOptions {
  baseURL: string;
  /** The whole exchange (connect, request, every byte of the answer) ends within this many milliseconds. */
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

const AGENT_OPTIONS = { keepAlive: true, maxSockets: 64 };

/**
 * https-proxy-agent waits for the proxy's answer to CONNECT with no limit of its own: when a proxy never answers,
 * the request still times out, but the socket to the proxy would stay open (and keep the process alive) after it.
 * Here that socket is closed once the request's whole time budget has passed without a tunnel; once the tunnel is
 * up it belongs to the pool as usual.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(proxy: string, private readonly connectTimeoutMs: number) {
    super(proxy, AGENT_OPTIONS);
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<net.Socket> {
    const abandoned = new AbortController();
    const timer = setTimeout(() => abandoned.abort(), this.connectTimeoutMs);
    timer.unref();
    const shared = this.connectOpts;
    // the parent reads connectOpts synchronously, before its first await, to open the socket to the proxy
    this.connectOpts = { ...shared, signal: abandoned.signal };
    const tunnel = super.connect(req, opts);
    this.connectOpts = shared;
    try {
      return await tunnel;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The agent for every request of a client whose base URL is `baseURL`, chosen once from the environment:
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (either case) and NO_PROXY, as proxy-from-env reads them.
 * An https target goes through the proxy in a CONNECT tunnel, so TLS stays end to end and the proxy never sees the
 * path or the Authorization header; an http target is forwarded by the proxy (absolute-URI requests). Both proxy
 * agents keep their connections alive like the direct ones.
 */
function createAgent(baseURL: string, timeoutMs: number): http.Agent {
  const secure = /^https:/i.test(baseURL);
  const proxy = getProxyForUrl(baseURL);
  if (!proxy) return secure ? new https.Agent(AGENT_OPTIONS) : new http.Agent(AGENT_OPTIONS);
  return secure ? new TunnelAgent(proxy, timeoutMs) : new HttpProxyAgent(proxy, AGENT_OPTIONS);
}

/**
 * Builds an axios instance for one upstream, on axios' own http adapter and default JSON handling:
 * - keep-alive agents (idle sockets do not keep the process alive; close() destroys them), through a proxy when the
 *   environment names one for this base URL (createAgent); axios' own proxy handling is off so there is one path;
 * - one timeout for the whole exchange: axios' `timeout` alone only bounds socket inactivity, so a server that
 *   trickles bytes could hold a request forever; every request also carries an abort signal that fires at the
 *   deadline (isTimeout in map-http-error.ts reports both as a timeout);
 * - no redirects (a redirect would carry the bearer token elsewhere), bounded bodies, JSON.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const agent = createAgent(options.baseURL, options.timeoutMs);
  // The agent serves the base URL's scheme; the other one only matters for an absolute URL of the other scheme.
  const secure = /^https:/i.test(options.baseURL);
  const httpAgent = secure ? new http.Agent(AGENT_OPTIONS) : agent;
  const httpsAgent = secure ? agent : new https.Agent(AGENT_OPTIONS);
  // axios is required with the first request, not when the client is built: a cron run with nothing due never loads it
  let instance: AxiosInstance | undefined;
  const buildInstance = (): AxiosInstance => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const created = (require('axios') as typeof Axios).create({
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      httpAgent,
      httpsAgent,
      proxy: false,
      maxRedirects: 0,
      maxContentLength: 5 * 1024 * 1024,
      maxBodyLength: 1024 * 1024,
      headers: { Accept: 'application/json', ...options.headers },
    });
    created.interceptors.request.use((config) => {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      config.signal = config.signal ? AbortSignal.any([config.signal as AbortSignal, deadline]) : deadline;
      return config;
    }, undefined, { synchronous: true });
    return created;
  };
  return {
    get axios() {
      instance ??= buildInstance();
      return instance;
    },
    timeoutMs: options.timeoutMs,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
