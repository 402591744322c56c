import { IncomingMessage, ServerResponse } from 'node:http';
import { waitUnlessClosed } from './cancelable-delay';
import { createFaultInjector, FaultInjector, FaultRule } from './fault-injector';
import { listenServer, ListenOptions } from './listen-server';
import { splitPath } from './path-pattern';
import { readRequest, RecordedRequest } from './request-recorder';

/** Truncated JSON sent by `malformed` faults. */
export const MALFORMED_JSON = '{"id": 1, "status": "appro';

/** One request being answered by a fake. */
export interface FakeExchange {
  req: IncomingMessage;
  res: ServerResponse;
  recorded: RecordedRequest;
  segments: string[];
  /** Headers added to whichever answer is sent; keys lower-case. Fault headers override them. */
  headers: Record<string, string>;
  /** Answers JSON (a string body is sent as text). Does nothing once answered or when the client is gone. */
  send(status: number, body: unknown): void;
  /** Answers raw text with the given content type. */
  sendText(status: number, contentType: string, text: string): void;
}

/** What makes a fake a particular provider. */
export interface FakeBehaviour {
  /** On arrival, before latency and faults: e.g. stamp headers every answer carries. */
  prepare?(exchange: FakeExchange): void;
  /** Normal handling, after latency and faults. */
  handle(exchange: FakeExchange): void | Promise<void>;
  /** The provider's error body for a status (faults without `body`, bad JSON, crashes). */
  errorBody(status: number): unknown;
  /** Called after every answer is written. */
  onAnswer?(recorded: RecordedRequest, status: number): void;
}

/** Options shared by both fakes. */
export interface FakeServerOptions extends ListenOptions {
  /** Delay every answer by this many milliseconds. */
  latencyMs?: number;
  /** Keep every request in `requests` (default true); turn off for long benchmarks to keep memory flat. */
  recordRequests?: boolean;
  /** Called after every answer (e.g. to log it). */
  onAnswer?: (request: RecordedRequest, status: number) => void;
}

/** The provider-independent part of a fake: server, recording, latency and faults. */
export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  faults: FaultInjector;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** Starts a fake: every request is recorded, delayed by the latency, offered to the fault queue, then to `behaviour`. */
export async function startFakeServer(behaviour: FakeBehaviour, options: FakeServerOptions = {}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const faults = createFaultInjector();
  let latencyMs = checkLatency(options.latencyMs ?? 0);
  const onAnswer = options.onAnswer;
  const record = options.recordRequests ?? true;
  let signal: AbortSignal = new AbortController().signal;

  const answered = (recorded: RecordedRequest, status: number): void => {
    behaviour.onAnswer?.(recorded, status);
    onAnswer?.(recorded, status);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let exchange: FakeExchange | undefined;
    try {
      const read = await readRequest(req);
      if (record) requests.push(read.recorded);
      exchange = createExchange(req, res, read.recorded, answered);
      behaviour.prepare?.(exchange);
      if (latencyMs > 0 && !(await waitUnlessClosed(latencyMs, signal))) return;
      const rule = faults.take(read.recorded.method, read.recorded.path, exchange.segments);
      if (rule && (await applyFault(exchange, rule, behaviour, signal))) return;
      if (read.bodyProblem === 'too-large') return exchange.send(413, behaviour.errorBody(413));
      if (read.bodyProblem === 'invalid-json') return exchange.send(400, behaviour.errorBody(400));
      await behaviour.handle(exchange);
    } catch {
      if (exchange) exchange.send(500, behaviour.errorBody(500));
      else if (!res.headersSent && !res.destroyed) res.destroy();
    }
  };

  const server = await listenServer((req, res) => void handler(req, res), options);
  signal = server.signal;
  return {
    url: server.url,
    requests,
    faults,
    setLatency(ms) {
      latencyMs = checkLatency(ms);
    },
    close: () => server.close(),
  };
}

function checkLatency(ms: number): number {
  if (!(ms >= 0) || ms === Infinity) throw new Error(`latency must be a finite number of milliseconds >= 0, got ${String(ms)}`);
  return ms;
}

function createExchange(
  req: IncomingMessage,
  res: ServerResponse,
  recorded: RecordedRequest,
  answered: (recorded: RecordedRequest, status: number) => void,
): FakeExchange {
  const exchange: FakeExchange = {
    req,
    res,
    recorded,
    segments: splitPath(recorded.path),
    headers: {},
    send(status, body) {
      if (typeof body === 'string') exchange.sendText(status, 'text/plain; charset=utf-8', body);
      else exchange.sendText(status, 'application/json; charset=utf-8', body === undefined ? '' : JSON.stringify(body));
    },
    sendText(status, contentType, text) {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...exchange.headers });
      res.end(text);
      answered(recorded, status);
    },
  };
  return exchange;
}

/**
 * Applies a fault; true when it answered (or deliberately never will), false to continue with normal handling.
 * `behaviour.errorBody` gives the provider's error body for a status. Also used for per-location faults (fake GHL).
 */
export async function applyFault(
  exchange: FakeExchange, rule: FaultRule, behaviour: Pick<FakeBehaviour, 'errorBody'>, signal: AbortSignal,
): Promise<boolean> {
  if (rule.hang) return true;
  if (rule.delayMs && !(await waitUnlessClosed(rule.delayMs, signal))) return true;
  for (const [name, value] of Object.entries(rule.headers ?? {})) exchange.headers[name.toLowerCase()] = value;
  if (rule.malformed) {
    exchange.sendText(rule.status ?? 200, 'application/json; charset=utf-8', MALFORMED_JSON);
    return true;
  }
  if (rule.status !== undefined) {
    exchange.send(rule.status, rule.body !== undefined ? rule.body : behaviour.errorBody(rule.status));
    return true;
  }
  if (rule.body !== undefined) {
    exchange.send(200, rule.body);
    return true;
  }
  return false;
}
