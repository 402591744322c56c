import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email the sink received, decoded: envelope, headers, subject and plain-text body. */
export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** The message exactly as it came over the wire (to search for secrets in everything). */
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that accepts one user and keeps every message (what SMTP_URL points at in tests). */
export interface SmtpSink {
  /** `smtp://user:pass@127.0.0.1:port`. */
  url: string;
  emails: ReceivedEmail[];
  /** User names that signed in successfully. */
  logins: string[];
  close(): Promise<void>;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) back to text. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) => (enc.toUpperCase() === 'B'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

function parseEmail(raw: string, from: string, to: string[]): ReceivedEmail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return {
    from, to, headers, raw,
    subject: decodeWords(headers.subject ?? ''),
    text: decodeBody(raw.slice(split + 4), headers['content-transfer-encoding']?.toLowerCase()),
  };
}

/** Starts the sink; only `user`/`password` may sign in (plain auth without TLS, allowed on 127.0.0.1 for the test). */
export async function startSmtpSink(o: { user?: string; password?: string; reject?: boolean } = {}): Promise<SmtpSink> {
  const user = o.user ?? 'alerts@shop.example';
  const password = o.password ?? 'smtp-pass-9f8e7d6c';
  const emails: ReceivedEmail[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) {
        logins.push(auth.username);
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (o.reject) {
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        emails.push(parseEmail(Buffer.concat(chunks).toString('utf8'), from, session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    emails,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
