import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for a Slack incoming webhook (what ALERT_WEBHOOK_URL points at in the tests). */
export interface AlertSink {
  url: string;
  /** Every JSON body received, in order. */
  bodies: Array<{ text: string }>;
  /** The `text` of every body received (the raw body when it was not JSON), in order. */
  texts: string[];
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1; `answer` writes the reply (default: 200 `ok`). */
export async function startAlertSink(answer: (res: http.ServerResponse) => void = (res) => res.end('ok')): Promise<AlertSink> {
  const bodies: Array<{ text: string }> = [];
  const texts: string[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => { data += c.toString(); });
    req.on('end', () => {
      try {
        const body = JSON.parse(data) as { text: string };
        bodies.push(body);
        texts.push(String(body.text));
      } catch {
        texts.push(data);
      }
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/x`,
    bodies,
    texts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
