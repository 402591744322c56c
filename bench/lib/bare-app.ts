/**
 * The baseline: a bare Express app that answers `POST /webhooks/mp` with 200 after the same body handling as the
 * receiver (raw body, JSON parse) but no helmet, signature check, logging or database. Run as its own process:
 * `node -r tsx/cjs bench/lib/bare-app.ts <port>`; prints `bare app listening on <url>`.
 */
import http from 'node:http';
import express from 'express';

const app = express();
app.set('query parser', 'simple');
app.set('etag', false);
let counter = 0;
app.post('/webhooks/mp', express.raw({ type: () => true, limit: 100 * 1024 }), (req, res) => {
  const body = JSON.parse((req.body as Buffer).toString('utf8')) as { data?: { id?: string } };
  counter += 1;
  res.status(200).json({ status: 'received', id: counter, resource: body.data?.id ?? null });
});

const server = http.createServer(app);
server.headersTimeout = 20_000;
server.requestTimeout = 30_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.stdout.write(`bare app listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
