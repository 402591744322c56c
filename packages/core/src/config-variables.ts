import { Language, parseLanguage } from './language';
import { z } from 'zod';
import { parseByteSize } from './byte-size';
import { parseDuration, parseDurationList } from './duration';

/** One environment variable the product reads: its parser, default and documentation live together. */
export interface ConfigVariable<T> {
  name: string;
  group: string;
  description: string;
  /** The default as a user would write it; undefined when the variable is optional with no default. */
  default?: string;
  example?: string;
  secret?: boolean;
  parse: (raw: string) => T;
}

/** A variable with a default: reading it always gives a value. */
export type DefaultedVariable<T> = ConfigVariable<T> & { default: string };
/** A variable without a default: reading it gives undefined when it is not set. */
export type OptionalVariable<T> = ConfigVariable<T> & { default?: undefined };

/** Keeps in the variable's type whether it has a default, so that reading it is typed `T` or `T | undefined`. */
function defineVariable<T>(spec: DefaultedVariable<T>): DefaultedVariable<T>;
function defineVariable<T>(spec: OptionalVariable<T>): OptionalVariable<T>;
function defineVariable<T>(spec: ConfigVariable<T>): ConfigVariable<T> {
  return spec;
}

const intIn = (min: number, max: number) => (raw: string): number => {
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(raw.trim());
  if (!parsed.success || raw.trim() === '') throw new Error(`"${raw}" is not a whole number from ${min} to ${max}`);
  return parsed.data;
};

const httpUrl = (raw: string): string => {
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(raw.trim());
  if (!parsed.success) throw new Error(`"${raw}" is not an http(s) URL`);
  return raw.trim().replace(/\/+$/, '');
};

const text = (raw: string): string => raw.trim();

/** A comma-separated list of secrets (MP_WEBHOOK_SECRET): each trimmed, empty entries dropped. Never repeats a value. */
const secretList = (raw: string): string[] => raw.split(',').map((part) => part.trim()).filter((part) => part !== '');

/**
 * ALERT_WEBHOOK_URL: an http(s) URL without `user:pass@` (fetch refuses a URL with credentials, so no alert could
 * ever be sent). The URL is a credential itself: no message repeats it.
 */
const alertWebhookUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('is not a URL (expected https://…)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an http(s) URL');
  if (url.username !== '' || url.password !== '') {
    throw new Error('contains a user name or password (user:pass@…), which an alert request cannot carry: use the URL exactly as the chat service gives it');
  }
  if (!z.url({ protocol: /^https?$/ }).safeParse(raw.trim()).success) throw new Error('is not a valid http(s) URL');
  return raw.trim().replace(/\/+$/, '');
};

/** SMTP_URL: `smtp://user:pass@host:port` or `smtps://…`. Its messages never repeat the value (it holds a password). */
const smtpUrl = (raw: string): string => {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('is not a URL (expected smtp://user:pass@host:587 or smtps://user:pass@host:465)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('must start with smtp:// (STARTTLS, usually port 587) or smtps:// (TLS, usually port 465)');
  if (url.hostname === '') throw new Error('names no host (expected smtp://user:pass@host:587)');
  return raw.trim();
};

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

/** ALERT_EMAIL_TO: one or more addresses, comma-separated. */
const emailList = (raw: string): string[] => {
  const addresses = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const bad = addresses.find((a) => !EMAIL.test(a));
  if (bad !== undefined) throw new Error(`"${bad}" is not an email address (several addresses are separated by commas)`);
  if (addresses.length === 0) throw new Error('names no address');
  return addresses;
};

/** ALERT_EMAIL_FROM: `alerts@example.com` or `Shop alerts <alerts@example.com>`. */
const emailSender = (raw: string): string => {
  const v = raw.trim();
  const address = /<([^<>]+)>$/.exec(v)?.[1] ?? v;
  if (!EMAIL.test(address)) throw new Error(`"${raw}" is not an address such as alerts@example.com or "Shop alerts <alerts@example.com>"`);
  return v;
};

/** The languages alerts are written in (the product's languages). */
export type AlertLanguage = Language;

/** A time of day `HH:MM` (24-hour clock), or `off`. */
export interface TimeOfDay { hour: number; minute: number }

const timeOfDayOrOff = (raw: string): TimeOfDay | null => {
  const v = raw.trim().toLowerCase();
  if (v === 'off') return null;
  const match = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new Error(`"${raw}" is not a time such as 08:00 (24-hour clock) or off`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
};

/** TZ: an IANA time zone name, as Node and the operating system read it. */
const timeZone = (raw: string): string => {
  const v = raw.trim().replace(/^:/, '');
  try {
    return new Intl.DateTimeFormat('en', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    throw new Error(`"${raw}" is not a time zone name such as America/Argentina/Buenos_Aires or America/Sao_Paulo`);
  }
};

/** One of a fixed set of words (case-insensitive), e.g. `oneOf('normal', 'full')`. */
const oneOf = <T extends string>(...values: T[]) => (raw: string): T => {
  const v = raw.trim().toLowerCase();
  const found = values.find((value) => value === v);
  if (found === undefined) throw new Error(`"${raw}" is not ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`);
  return found;
};

const bool = (raw: string): boolean => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  throw new Error(`"${raw}" is not true or false`);
};

const durationAtLeast = (minMs: number) => (raw: string): number => {
  const ms = parseDuration(raw);
  if (ms < minMs) throw new Error(`"${raw}" is shorter than the minimum of ${minMs}ms`);
  return ms;
};

/** Parses `approved:pago-aprobado,refunded:pago-reembolsado|otro` into status → tags. */
export function parseStatusTags(raw: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const idx = pair.indexOf(':');
    const status = pair.slice(0, idx).trim().toLowerCase();
    const tags = pair.slice(idx + 1).split('|').map((t) => t.trim()).filter(Boolean);
    if (idx <= 0 || tags.length === 0 || !/^[a-z_]+$/.test(status)) {
      throw new Error(`"${pair}" is not status:tag (e.g. approved:pago-aprobado, several tags joined with |)`);
    }
    map[status] = [...(map[status] ?? []), ...tags];
  }
  return map;
}

export interface RateLimit { requests: number; perMs: number }

/** Parses `100/10s` (or `off`) into a request budget per window. */
export function parseRateLimit(raw: string): RateLimit | null {
  const v = raw.trim().toLowerCase();
  if (v === 'off' || v === 'none' || v === '0') return null;
  const match = /^(\d+)\s*\/\s*(.+)$/.exec(v);
  if (!match || Number(match[1]) < 1) throw new Error(`"${raw}" is not a rate such as 100/10s (or off)`);
  return { requests: Number(match[1]), perMs: durationAtLeast(1)(match[2]) };
}

/** Parses TRUST_PROXY into Express's `trust proxy` setting: false, true, a hop count or a list of addresses/subnets. */
export function parseTrustProxy(raw: string): boolean | number | string {
  const v = raw.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(v)) return false;
  if (['true', 'yes', 'on'].includes(v)) return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const names = ['loopback', 'linklocal', 'uniquelocal'];
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  const address = /^[0-9a-f:.]+(\/\d{1,3})?$/;
  if (items.length === 0 || items.some((item) => !names.includes(item) && !address.test(item))) {
    throw new Error(`"${raw}" is not true, false, a hop count or a list of proxy addresses (loopback, 10.0.0.0/8, …)`);
  }
  return items.join(',');
}

export const CONFIG_VARIABLES = {
  databaseUrl: defineVariable({
    name: 'DATABASE_URL', group: 'Database',
    description: '`postgres://user:pass@host:5432/db` selects PostgreSQL; anything else is a SQLite file path (optionally prefixed `sqlite:`), relative paths resolved from the project root.',
    default: 'data/ghl-payments.sqlite3', secret: true, parse: text,
  }),
  dbPoolMax: defineVariable({
    name: 'DB_POOL_MAX', group: 'Database', description: 'PostgreSQL connections per process (SQLite always uses one).',
    default: '10', parse: intIn(1, 200),
  }),
  dbConnectTimeout: defineVariable({
    name: 'DB_CONNECT_TIMEOUT', group: 'Database', description: 'How long to wait for a database connection before the request or claim fails.',
    default: '5s', parse: durationAtLeast(100),
  }),
  sqliteSynchronous: defineVariable({
    name: 'SQLITE_SYNCHRONOUS', group: 'Database',
    description: '`normal` survives a crash of any process (WAL mode); `full` also survives a power loss at the cost of one fsync per insert.',
    default: 'normal', parse: oneOf('normal', 'full'),
  }),
  sqliteBusyTimeout: defineVariable({
    name: 'SQLITE_BUSY_TIMEOUT', group: 'Database', description: 'How long a SQLite writer waits for another process\'s write lock.',
    default: '5s', parse: durationAtLeast(0),
  }),
  port: defineVariable({ name: 'PORT', group: 'Receiver', description: 'Port the receiver listens on.', default: '8000', parse: intIn(0, 65535) }),
  host: defineVariable({ name: 'HOST', group: 'Receiver', description: 'Address the receiver listens on (`0.0.0.0` for every interface).', default: '127.0.0.1', parse: text }),
  trustProxy: defineVariable({
    name: 'TRUST_PROXY', group: 'Receiver',
    description: 'Set when the receiver sits behind a reverse proxy that terminates HTTPS: `true` (trust every hop), a hop count, or the proxy addresses (`loopback`, `10.0.0.0/8`, comma-separated). Then `X-Forwarded-Proto`/`X-Forwarded-For` are believed, so the dashboard cookie is marked `Secure` on HTTPS. Leave `false` when clients connect directly.',
    default: 'false', parse: parseTrustProxy,
  }),
  mpAccessToken: defineVariable({
    name: 'MP_ACCESS_TOKEN', group: 'MercadoPago', description: 'Access token used to read payments. Without it events fail with a clear error and stay retryable.',
    example: 'APP_USR-123…', secret: true, parse: text,
  }),
  mpWebhookSecret: defineVariable({
    name: 'MP_WEBHOOK_SECRET', group: 'MercadoPago',
    description: 'Webhook secret from MercadoPago\'s panel. When set, Webhooks-format notifications must carry a valid `x-signature`. Several secrets, comma-separated, when notifications are signed with different ones (QR-code notifications are not signed with the application\'s secret): a signature valid for any of them is valid.',
    example: 'your_secret_key_here', secret: true, parse: secretList,
  }),
  mpUnverifiedNotifications: defineVariable({
    name: 'MP_UNVERIFIED_NOTIFICATIONS', group: 'MercadoPago',
    description: 'What happens to a Webhooks-format notification whose `x-signature` is missing or matches none of the `MP_WEBHOOK_SECRET` secrets: `reject` answers `401` and stores nothing; `accept` stores it marked `unverified` (safe: the worker never trusts the body and reads the resource with `MP_ACCESS_TOKEN`). Without a secret nothing is checked and this has no effect.',
    default: 'reject', parse: oneOf('reject', 'accept'),
  }),
  mpSignatureTolerance: defineVariable({
    name: 'MP_SIGNATURE_TOLERANCE', group: 'MercadoPago', description: 'Reject signatures whose `ts` is further than this from now (`off` accepts any age: MercadoPago\'s redeliveries can carry old values).',
    default: 'off', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : durationAtLeast(1000)(raw)),
  }),
  mpAcceptUnsignedIpn: defineVariable({
    name: 'MP_ACCEPT_UNSIGNED_IPN', group: 'MercadoPago',
    description: 'Whether legacy IPN notifications (`?topic=…&id=…`, which MercadoPago cannot sign) are accepted while `MP_WEBHOOK_SECRET` is set. Set `false` once `?source_news=webhooks` is on the notification URL: then every notification must carry a valid `x-signature`. A request with any Webhooks-format trait (`data.id` or `type` in the query, a `data` object in the body) is always checked, whatever this says. Without a secret nothing is checked and this has no effect.',
    default: 'true', parse: bool,
  }),
  mpApiUrl: defineVariable({ name: 'MP_API_URL', group: 'MercadoPago', description: 'MercadoPago API base URL.', default: 'https://api.mercadopago.com', parse: httpUrl }),
  ghlApiToken: defineVariable({
    name: 'GHL_API_TOKEN', group: 'GoHighLevel', description: 'Private Integration Token (or location OAuth token) with `contacts.write` and `contacts.readonly`, plus the scopes of the rules used (docs/provider-reference.md).',
    example: 'pit-…', secret: true, parse: text,
  }),
  ghlLocationId: defineVariable({ name: 'GHL_LOCATION_ID', group: 'GoHighLevel', description: 'Sub-account (location) id, needed to find contacts by email.', example: 've9EPM428h8vShlRW1KT', parse: text }),
  ghlApiUrl: defineVariable({ name: 'GHL_API_URL', group: 'GoHighLevel', description: 'GoHighLevel API base URL.', default: 'https://services.leadconnectorhq.com', parse: httpUrl }),
  ghlApiVersion: defineVariable({ name: 'GHL_API_VERSION', group: 'GoHighLevel', description: '`Version` header sent to GoHighLevel.', default: '2021-07-28', parse: text }),
  ghlStatusTags: defineVariable({
    name: 'GHL_STATUS_TAGS', group: 'Rules',
    description: 'Shorthand for rules that only add tags: `status:tag` pairs, comma-separated; several tags for one status joined with `|`. Not allowed together with a rules file. Unset: the rules file, else the default rules (docs/rules.md).',
    example: 'approved:pago-aprobado,refunded:pago-reembolsado', parse: parseStatusTags,
  }),
  rulesFile: defineVariable({
    name: 'RULES_FILE', group: 'Rules',
    description: 'The rules file (YAML or JSON, docs/rules.md): what each payment or subscription status does to the GoHighLevel contact. Unset: `rules.yaml` in the data folder when present, else the default rules.',
    example: 'data/rules.yaml', parse: text,
  }),
  ghlRateLimit: defineVariable({
    name: 'GHL_RATE_LIMIT', group: 'GoHighLevel', description: 'Client-side request budget toward GoHighLevel per location (`off` to disable): the budget is shared by every worker process through the database, so set GoHighLevel\'s own limit, not a share of it.',
    default: '100/10s', parse: parseRateLimit,
  }),
  retrySchedule: defineVariable({
    name: 'RETRY_SCHEDULE', group: 'Worker', description: 'Delay before each retry; the number of attempts is the number of entries plus one, then the event is `failed`.',
    default: '1m,5m,15m', parse: parseDurationList,
  }),
  workerConcurrency: defineVariable({ name: 'WORKER_CONCURRENCY', group: 'Worker', description: 'Events processed in parallel by one worker process.', default: '8', parse: intIn(1, 256) }),
  workerBatchSize: defineVariable({ name: 'WORKER_BATCH_SIZE', group: 'Worker', description: 'Most events claimed by one claim statement.', default: '16', parse: intIn(1, 1000) }),
  workerPollInterval: defineVariable({ name: 'WORKER_POLL_INTERVAL', group: 'Worker', description: 'How long `--loop` sleeps when no event is due; storing an event wakes it at once (LISTEN/NOTIFY on PostgreSQL, a local datagram on SQLite), so this is the fallback.', default: '1s', parse: durationAtLeast(10) }),
  workerLease: defineVariable({ name: 'WORKER_LEASE', group: 'Worker', description: 'How long a claimed event belongs to its worker; renewed every third of it while the event runs. An event whose lease expired (its worker died) is taken by another worker.', default: '30s', parse: durationAtLeast(300) }),
  workerGrace: defineVariable({ name: 'WORKER_GRACE', group: 'Worker', description: 'On SIGINT/SIGTERM, how long in-flight events may finish before their leases are released and the worker exits.', default: '25s', parse: durationAtLeast(0) }),
  circuitBreakerThreshold: defineVariable({
    name: 'CIRCUIT_BREAKER_THRESHOLD', group: 'Worker',
    description: 'Consecutive network errors, timeouts or 5xx answers from one upstream (MercadoPago or GoHighLevel) after which the worker stops claiming events for a cooldown; events that fail on that upstream meanwhile wait without using up their retries (`off` to disable).',
    default: '5', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : intIn(1, 1000)(raw)),
  }),
  circuitBreakerCooldown: defineVariable({
    name: 'CIRCUIT_BREAKER_COOLDOWN', group: 'Worker', description: 'How long an open circuit waits before letting one probe event through; doubled after each failed probe, up to `CIRCUIT_BREAKER_MAX_COOLDOWN`.',
    default: '30s', parse: durationAtLeast(100),
  }),
  circuitBreakerMaxCooldown: defineVariable({
    name: 'CIRCUIT_BREAKER_MAX_COOLDOWN', group: 'Worker', description: 'Longest pause between probes while an upstream stays down.',
    default: '5m', parse: durationAtLeast(100),
  }),
  workerMetricsPort: defineVariable({
    name: 'WORKER_METRICS_PORT', group: 'Worker', description: 'Port on which `process-webhooks --loop` serves Prometheus `/metrics` (`off`: not served). Guarded by the admin token unless `METRICS_PUBLIC=true`.',
    default: 'off', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : intIn(0, 65535)(raw)),
  }),
  workerMetricsHost: defineVariable({
    name: 'WORKER_METRICS_HOST', group: 'Worker', description: 'Address of the worker\'s `/metrics` server (`0.0.0.0` for every interface).', default: '127.0.0.1', parse: text,
  }),
  httpTimeout: defineVariable({ name: 'HTTP_TIMEOUT', group: 'Worker', description: 'Timeout of each call to MercadoPago or GoHighLevel.', default: '10s', parse: durationAtLeast(50) }),
  reconcileInterval: defineVariable({
    name: 'RECONCILE_INTERVAL', group: 'Reconciliation',
    description: 'How often a worker searches MercadoPago\'s payments and queues the ones no notification brought (docs/reconciliation.md); one worker sweeps at a time; `off` disables. The first sweep runs one interval after the first worker starts (`ghl-payments reconcile` sweeps at once).',
    default: '1h', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : durationAtLeast(1000)(raw)),
  }),
  reconcileWindow: defineVariable({
    name: 'RECONCILE_WINDOW', group: 'Reconciliation', description: 'How far back each sweep looks, by the payments\' last update in MercadoPago.',
    default: '72h', parse: durationAtLeast(60_000),
  }),
  retentionDays: defineVariable({
    name: 'RETENTION_DAYS', group: 'Retention',
    description: 'Days after which the personal data of finished events and payments is removed (docs/security.md "Retention"): the stored notification (payload, headers, query) of events that ended `success`, `ignored` or `failed`, and the raw MercadoPago JSON and payer email of payments; rows, statuses, amounts and the audit log stay. Done once a day by a worker (`ghl-payments purge` by hand); `off` keeps everything.',
    default: '180', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : intIn(1, 36_500)(raw)),
  }),
  logDir: defineVariable({ name: 'LOG_DIR', group: 'Logging', description: 'Folder of `webhook.log` (JSON lines), relative to the project root.', default: 'logs', parse: text }),
  logLevel: defineVariable({
    name: 'LOG_LEVEL', group: 'Logging', description: '`error`, `warn`, `info` or `debug`.', default: 'info',
    parse: oneOf('error', 'warn', 'info', 'debug'),
  }),
  logMaxSize: defineVariable({
    name: 'LOG_MAX_SIZE', group: 'Logging',
    description: 'Size at which `webhook.log` is rotated (renamed `webhook1.log`, the older ones shifted up): `512k`, `20m`, `1g`; `off` leaves rotation to an external tool such as logrotate.',
    default: '20m', parse: (raw: string): number | null => {
      if (raw.trim().toLowerCase() === 'off') return null;
      const bytes = parseByteSize(raw);
      if (bytes < 1024) throw new Error(`"${raw}" is smaller than the minimum of 1k`);
      return bytes;
    },
  }),
  logMaxFiles: defineVariable({
    name: 'LOG_MAX_FILES', group: 'Logging', description: 'How many log files rotation keeps, the current `webhook.log` included; the oldest is deleted.',
    default: '10', parse: intIn(2, 1000),
  }),
  adminToken: defineVariable({
    name: 'ADMIN_TOKEN', group: 'Operators', description: 'Bearer token for `/api`, the `/admin` dashboard and `/metrics`: at least 32 random characters (`openssl rand -hex 32`); a short or patterned one is refused at start. Generated and kept in the data folder when unset.',
    // Only trimmed here: its strength is checked where the token is put to use (ensureAdminToken in the receiver),
    // because a secret's parse error is reported without its message and the refusal must say what is wrong.
    secret: true, parse: (raw: string): string => raw.trim(),
  }),
  uiLanguage: defineVariable({
    name: 'UI_LANGUAGE', group: 'Operators',
    description: 'The language of the dashboard for a browser that asks for none of ours (each browser can switch), of command summaries and of the demo: `es` (Spanish), `pt-BR` (Portuguese, Brazil) or `en` (English). Unset: the dashboard follows the browser, else Spanish; commands follow the terminal\'s locale (`LANG`), else English.',
    example: 'es', parse: parseLanguage,
  }),
  secretsKey: defineVariable({
    name: 'SECRETS_KEY', group: 'Accounts',
    description: 'Key that encrypts the stored accounts\' secrets (docs/agencies.md): 64 hex characters (`openssl rand -hex 32`). When unset, a key is generated in the data folder (`secrets.key`, mode 0600) the first time an account is added; with PostgreSQL and several hosts, set the same key on every host.',
    // parsed (and refused with its advice) where the key is loaded: a secret's parse error is reported without its message
    secret: true, parse: (raw: string): string => raw.trim(),
  }),
  secretsKeyPrevious: defineVariable({
    name: 'SECRETS_KEY_PREVIOUS', group: 'Accounts',
    description: 'Earlier values of SECRETS_KEY, comma-separated, still accepted for reading while `ghl-payments accounts rotate-key` re-encrypts the accounts with the new one.',
    secret: true, parse: (raw: string): string => raw.trim(),
  }),
  accountMaxInFlight: defineVariable({
    name: 'ACCOUNT_MAX_IN_FLIGHT', group: 'Accounts',
    description: 'With several accounts, the most events of one account a worker process runs at once, so one client\'s backlog leaves room for the others (docs/agencies.md). A single-account install never reaches it.',
    default: '4', parse: intIn(1, 256),
  }),
  metricsPublic: defineVariable({ name: 'METRICS_PUBLIC', group: 'Operators', description: 'Serve `/metrics` without the admin token.', default: 'false', parse: bool }),
  // Not flagged `secret`: that would hide the parser's reason. The value is still redacted everywhere (listSecrets),
  // and alertWebhookUrl's messages never repeat it.
  alertWebhookUrl: defineVariable({
    name: 'ALERT_WEBHOOK_URL', group: 'Operators',
    description: 'When an event ends `failed`, POST a Slack-compatible `{"text": …}` summary here. No `user:pass@` in it (such a URL cannot be called); the chat service\'s own URL carries its secret in the path. Secret: never logged or shown.',
    parse: alertWebhookUrl,
  }),
  alertJsonWebhookUrl: defineVariable({
    name: 'ALERT_JSON_WEBHOOK_URL', group: 'Alerts',
    description: 'POST every alert here as JSON: `{kind, severity, title, text, language, occurredAt, dashboardUrl, details}` (for n8n, Zapier, Make or your own endpoint). Same rules as `ALERT_WEBHOOK_URL`: no `user:pass@`; secret: never logged or shown.',
    parse: alertWebhookUrl,
  }),
  alertEmailTo: defineVariable({
    name: 'ALERT_EMAIL_TO', group: 'Alerts', description: 'Email every alert to these addresses (comma-separated); needs `SMTP_URL`.',
    example: 'owner@example.com,ops@example.com', parse: emailList,
  }),
  smtpUrl: defineVariable({
    name: 'SMTP_URL', group: 'Alerts',
    description: 'The mail server alerts are sent through: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or `smtps://user:pass@host:465` (TLS). Characters such as `@` or `:` in the password are written `%40`, `%3A`. Secret: never logged or shown.',
    example: 'smtp://alerts%40example.com:app-password@smtp.example.com:587', parse: smtpUrl,
  }),
  alertEmailFrom: defineVariable({
    name: 'ALERT_EMAIL_FROM', group: 'Alerts',
    description: 'The sender of alert emails. Unset: the SMTP user when it is an address (most providers only accept that), else `ghl-payments@` the SMTP host.',
    example: 'Alertas de la tienda <alertas@example.com>', parse: emailSender,
  }),
  alertLanguage: defineVariable({
    name: 'ALERT_LANGUAGE', group: 'Alerts', description: 'The language alerts are written in: `es` (Spanish), `pt-BR` (Portuguese, Brazil) or `en` (English). Unset: `UI_LANGUAGE`, else Spanish.',
    example: 'pt-BR', parse: parseLanguage,
  }),
  alertBacklogAge: defineVariable({
    name: 'ALERT_BACKLOG_AGE', group: 'Alerts',
    description: 'Alert when the oldest event still waiting is older than this (`off` to disable). Checked every minute by `process-webhooks --loop`.',
    default: '30m', parse: (raw: string): number | null => (raw.trim().toLowerCase() === 'off' ? null : durationAtLeast(60_000)(raw)),
  }),
  digestTime: defineVariable({
    name: 'DIGEST_TIME', group: 'Alerts',
    description: 'When the daily digest goes out (`HH:MM`, 24-hour clock, in `TZ`): the last 24 hours\' payments, actions, failures and recoveries, to every alert channel. `off` to disable.',
    default: '08:00', parse: timeOfDayOrOff,
  }),
  timeZone: defineVariable({
    name: 'TZ', group: 'Alerts',
    description: 'The time zone of `DIGEST_TIME` and of the times written in alerts (an IANA name: `America/Argentina/Buenos_Aires`, `America/Sao_Paulo`). Unset: the system\'s.',
    example: 'America/Argentina/Buenos_Aires', parse: timeZone,
  }),
  publicUrl: defineVariable({
    name: 'PUBLIC_URL', group: 'Alerts',
    description: 'The address the dashboard is reached at from outside (`https://pagos.example.com`): alerts link to the page to look at. Unset: alerts name the page (`/admin/…`) without a link.',
    example: 'https://pagos.example.com', parse: httpUrl,
  }),
  ghlWorkflowSecret: defineVariable({
    name: 'GHL_WORKFLOW_SECRET', group: 'Payment links',
    description: 'The secret a GoHighLevel workflow presents (header `x-ghl-payments-secret`, or `?secret=`) to `POST /webhooks/ghl/payment-link` to have a MercadoPago payment link created for a contact (docs/payment-links.md): long and random (`openssl rand -hex 24`). Unset: that endpoint answers 404. Stored accounts set their own with `accounts update <slug> --ghl-workflow-secret`.',
    secret: true, parse: text,
  }),
  paymentLinkField: defineVariable({
    name: 'PAYMENT_LINK_FIELD', group: 'Payment links',
    description: 'The key of the contact custom field a link created from a workflow is written into (GoHighLevel: Settings → Custom Fields; `contact.` may be left out), so the next step of the workflow can send `{{contact.mp_payment_link}}`.',
    default: 'mp_payment_link', parse: (raw: string): string => {
      const key = raw.trim().replace(/^contact\./, '');
      if (!/^[A-Za-z0-9_]{1,100}$/.test(key)) throw new Error(`"${raw}" is not a custom field key such as mp_payment_link (letters, digits and _)`);
      return key;
    },
  }),
  paymentLinkNote: defineVariable({
    name: 'PAYMENT_LINK_NOTE', group: 'Payment links',
    description: 'Also add a note with the link to the contact when a workflow asks for one.',
    default: 'false', parse: bool,
  }),
  paymentLinkBackUrl: defineVariable({
    name: 'PAYMENT_LINK_BACK_URL', group: 'Payment links',
    description: 'Where MercadoPago sends the buyer after paying a link (its `back_urls`, with `auto_return: approved`; MercadoPago adds the payment\'s status to the address). Unset: MercadoPago\'s own receipt page.',
    example: 'https://tienda.example.com/gracias', parse: httpUrl,
  }),
};

export type ConfigVariables = typeof CONFIG_VARIABLES;
export type ConfigKey = keyof ConfigVariables;
/** The keys of the variables that have a default. */
export type DefaultedConfigKey = { [K in ConfigKey]: ConfigVariables[K] extends { default: string } ? K : never }[ConfigKey];
