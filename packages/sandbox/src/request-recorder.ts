import { IncomingMessage } from 'node:http';

/** One request as a fake received it: headers lower-cased, body parsed as JSON (the raw text when it is not JSON). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** Epoch milliseconds when the request's body had been read. */
  at: number;
}

/** What reading a request produced, beyond the record itself. */
export interface ReadRequest {
  recorded: RecordedRequest;
  /** Set when the body could not be used: the fakes answer 400 or 413 after recording it. */
  bodyProblem?: 'invalid-json' | 'too-large';
}

/** Bodies above this are not kept (the fakes answer 413). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a request into a RecordedRequest; rejects when the client goes away mid-body. */
export async function readRequest(req: IncomingMessage): Promise<ReadRequest> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
  const headers = copyHeaders(req);
  const hasBody = headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
  const raw = hasBody ? await readBodyText(req) : null;
  const recorded: RecordedRequest = { method: req.method ?? 'GET', path, query, headers, body: undefined, at: Date.now() };
  if (raw === null || raw === '') return { recorded };
  if (raw === TOO_LARGE) return { recorded, bodyProblem: 'too-large' };
  try {
    recorded.body = JSON.parse(raw);
    return { recorded };
  } catch {
    recorded.body = raw;
    return { recorded, bodyProblem: 'invalid-json' };
  }
}

const TOO_LARGE = '\u0000too-large';

function copyHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function readBodyText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      ended = true;
      resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('close', () => {
      if (!ended) reject(new Error('client closed the request before sending its body'));
    });
    req.on('error', reject);
  });
}
