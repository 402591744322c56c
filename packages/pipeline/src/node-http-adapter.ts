import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { AxiosAdapter, AxiosError, AxiosHeaders, AxiosResponse, CanceledError, InternalAxiosRequestConfig } from 'axios';

const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** The full URL of a request, by axios' rule: a relative `url` is appended to `baseURL`; `params` become the query. */
export function buildRequestUrl(config: Pick<InternalAxiosRequestConfig, 'baseURL' | 'url' | 'params'>): URL {
  const path = config.url ?? '';
  const full = !config.baseURL || ABSOLUTE_URL.test(path) ? path
    : path ? `${config.baseURL.replace(/\/?\/$/, '')}/${path.replace(/^\/+/, '')}` : config.baseURL;
  const url = new URL(full);
  for (const [key, value] of Object.entries((config.params ?? {}) as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== null) url.searchParams.append(key, String(v));
  }
  return url;
}

function toBody(data: unknown, config: InternalAxiosRequestConfig): Buffer | null {
  if (data === undefined || data === null) return null;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new AxiosError('request body must be a string or bytes (streams and forms are not supported)', AxiosError.ERR_BAD_REQUEST, config);
}

function decode(res: http.IncomingMessage, config: InternalAxiosRequestConfig): NodeJS.ReadableStream {
  if (config.decompress === false) return res;
  switch (String(res.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip': case 'x-gzip': return res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    case 'deflate': return res.pipe(zlib.createInflate());
    case 'br': return res.pipe(zlib.createBrotliDecompress());
    default: return res;
  }
}

/**
 * An axios adapter on node:http(s), for JSON APIs. It does what axios' own http adapter does for such calls:
 * keep-alive agent, `timeout` (here a deadline for the whole exchange, body included, not only socket inactivity),
 * `signal`, `maxContentLength` / `maxBodyLength`, gzip/deflate/br answers, and AxiosError with the same codes
 * (`ECONNABORTED`/`ETIMEDOUT` on timeout, `ERR_CANCELED` on abort, the socket's code on network errors,
 * `ERR_BAD_REQUEST`/`ERR_BAD_RESPONSE` on a status outside `validateStatus`). Nothing else: redirects are never
 * followed (a 3xx is an answer), no proxy, no streams or forms. axios' adapter costs about 250 µs of CPU more per
 * request, the largest share of the worker's CPU per event (docs/benchmarks.md); axios itself (instances, config,
 * transforms, errors) is unchanged.
 */
export const nodeHttpAdapter: AxiosAdapter = (config) => new Promise<AxiosResponse>((resolve, reject) => {
  const url = buildRequestUrl(config);
  const isHttps = url.protocol === 'https:';
  if (!isHttps && url.protocol !== 'http:') {
    reject(new AxiosError(`unsupported protocol ${url.protocol}`, AxiosError.ERR_BAD_REQUEST, config));
    return;
  }
  let body: Buffer | null;
  try {
    body = toBody(config.data, config);
  } catch (err) {
    reject(err);
    return;
  }
  if (body && config.maxBodyLength !== undefined && config.maxBodyLength > -1 && body.length > config.maxBodyLength) {
    reject(new AxiosError('Request body larger than maxBodyLength limit', AxiosError.ERR_BAD_REQUEST, config));
    return;
  }
  const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
  if (body) headers['Content-Length'] = String(body.length);
  const signal = config.signal as AbortSignal | undefined;
  let settled = false;
  let req: http.ClientRequest | null = null;
  let deadline: NodeJS.Timeout | undefined;
  const finish = (outcome: () => void): void => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    signal?.removeEventListener?.('abort', onAbort);
    outcome();
  };
  const fail = (error: AxiosError): void => finish(() => {
    req?.destroy();
    reject(error);
  });
  function onAbort(): void {
    fail(new CanceledError(undefined, config, req ?? undefined));
  }
  if (signal?.aborted) {
    onAbort();
    return;
  }
  signal?.addEventListener?.('abort', onAbort);

  const transport = isHttps ? https : http;
  req = transport.request(url, {
    method: (config.method ?? 'get').toUpperCase(),
    headers,
    agent: (isHttps ? config.httpsAgent : config.httpAgent) as http.Agent | undefined,
  }, (res) => {
    const maxLength = config.maxContentLength ?? -1;
    const chunks: Buffer[] = [];
    let length = 0;
    const stream = decode(res, config);
    stream.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (maxLength > -1 && length > maxLength) {
        fail(new AxiosError(`maxContentLength size of ${maxLength} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, req));
        return;
      }
      chunks.push(chunk);
    });
    const broken = (err?: Error & { code?: string }) => fail(AxiosError.from(err ?? new Error('stream has been aborted'), err?.code ?? AxiosError.ERR_BAD_RESPONSE, config, req));
    res.on('aborted', () => broken());
    res.on('error', broken); // also when decoding: a pipe does not pass the source's errors on
    if (stream !== res) stream.on('error', broken);
    stream.on('end', () => finish(() => {
      const buffer = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      const response: AxiosResponse = {
        data: config.responseType === 'arraybuffer' ? buffer : buffer.toString((config.responseEncoding as BufferEncoding | undefined) ?? 'utf8'),
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: AxiosHeaders.from(res.headers as Record<string, string>),
        config,
        request: req,
      };
      const validate = config.validateStatus;
      if (!response.status || !validate || validate(response.status)) {
        resolve(response);
        return;
      }
      reject(new AxiosError(`Request failed with status code ${response.status}`,
        response.status >= 400 && response.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE, config, req, response));
    }));
  });
  req.on('error', (err: Error & { code?: string }) => fail(AxiosError.from(err, err.code, config, req)));
  if (config.timeout) {
    deadline = setTimeout(() => {
      const clarify = config.transitional?.clarifyTimeoutError;
      fail(new AxiosError(config.timeoutErrorMessage ?? `timeout of ${config.timeout}ms exceeded`,
        clarify ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED, config, req));
    }, config.timeout);
  }
  req.end(body ?? undefined);
});
