import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { AlertLanguage, CONFIG_VARIABLES, ConfigKey, ConfigVariable, ConfigVariables, DefaultedConfigKey, RateLimit, TimeOfDay } from './config-variables';
import { ConfigError } from './config-error';
import type { Language } from './language';
import { rejectPlaceholderValues } from './placeholder-values';
import { PROJECT_ROOT, resolveFromRoot } from './project-root';

type Parsed<K extends ConfigKey> = ReturnType<ConfigVariables[K]['parse']>;

export type DatabaseTarget =
  | { client: 'sqlite'; filename: string; synchronous: 'normal' | 'full'; busyTimeoutMs: number }
  | { client: 'postgres'; connectionString: string; poolMax: number };

/** The whole typed configuration, parsed and validated once at start. */
export interface Config {
  database: DatabaseTarget & { connectTimeoutMs: number };
  receiver: { port: number; host: string; bodyLimitBytes: number; trustProxy: boolean | number | string };
  mercadopago: {
    accessToken?: string;
    /** The first of MP_WEBHOOK_SECRET's secrets (what `send-test-webhook` signs with); undefined when none is set. */
    webhookSecret?: string;
    /** Every secret of MP_WEBHOOK_SECRET, in order; a signature valid for any of them is valid. */
    webhookSecrets: string[];
    /** MP_UNVERIFIED_NOTIFICATIONS: what happens to a notification whose signature matches no secret. */
    unverifiedNotifications: 'reject' | 'accept';
    signatureToleranceMs: number | null; acceptUnsignedIpn: boolean; apiUrl: string;
  };
  ghl: { apiToken?: string; locationId?: string; apiUrl: string; apiVersion: string; rateLimit: RateLimit | null };
  /** Where the rules come from: a file (named by RULES_FILE or found in the data folder), GHL_STATUS_TAGS, or neither (the defaults). */
  rules: RulesSource;
  worker: {
    retryScheduleMs: number[]; concurrency: number; batchSize: number; pollIntervalMs: number; leaseMs: number; graceMs: number;
    /** null when CIRCUIT_BREAKER_THRESHOLD=off. */
    circuitBreaker: CircuitBreakerSettings | null;
    /** The worker's Prometheus `/metrics` server; port null = not served. */
    metrics: { port: number | null; host: string };
  };
  httpTimeoutMs: number;
  /** Reconciliation sweeps (docs/reconciliation.md): every intervalMs (null: RECONCILE_INTERVAL=off) over the last windowMs. */
  reconcile: { intervalMs: number | null; windowMs: number };
  /** Retention (docs/security.md): personal data of final events and payments older than maxAgeMs is removed; null: RETENTION_DAYS=off. */
  retention: { maxAgeMs: number | null };
  log: {
    dir: string; level: 'error' | 'warn' | 'info' | 'debug';
    /** Rotate webhook.log at this size (null: never, LOG_MAX_SIZE=off); keep maxFiles files in all. */
    maxSizeBytes: number | null; maxFiles: number;
  };
  operators: { adminToken?: string; metricsPublic: boolean; alertWebhookUrl?: string };
  /** The dashboard's and the commands' language (UI_LANGUAGE; undefined: the browser's or the terminal's) and time zone (TZ; undefined: the browser's). */
  ui: { language?: Language; timeZone?: string };
  /** Accounts (docs/agencies.md): the key of their secrets (undefined: the key file in the data folder) and the fair share of a worker. */
  accounts: { secretsKey?: string; previousSecretsKeys?: string; maxInFlight: number };
  /** Where alerts go, in which language, and the checks that raise them (the Slack-compatible URL is operators.alertWebhookUrl). */
  alerts: AlertSettings;
  /** Payment links (docs/payment-links.md): the workflow endpoint's secret, the contact field and note, the return address. */
  paymentLinks: { workflowSecret?: string; field: string; note: boolean; backUrl?: string };
  dataDir: string;
}

export interface AlertSettings {
  jsonWebhookUrl?: string;
  /** Email: every address of ALERT_EMAIL_TO, through SMTP_URL, from `from`; undefined when not configured. */
  email?: { to: string[]; smtpUrl: string; from: string };
  language: AlertLanguage;
  /** null: ALERT_BACKLOG_AGE=off. */
  backlogAgeMs: number | null;
  /** null: DIGEST_TIME=off. */
  digestTime: TimeOfDay | null;
  /** IANA time zone name (TZ, else the system's). */
  timeZone: string;
  /** PUBLIC_URL without a trailing slash: the base of dashboard links. */
  publicUrl?: string;
}

/** ALERT_EMAIL_TO and SMTP_URL come together; the sender defaults to the SMTP user when it is an address. */
function readAlertEmail(to: string[] | undefined, smtpUrl: string | undefined, from: string | undefined): AlertSettings['email'] {
  if (to && !smtpUrl) throw new ConfigError('ALERT_EMAIL_TO is set but SMTP_URL is not: set SMTP_URL=smtp://user:pass@host:587 to send alert emails, or unset ALERT_EMAIL_TO');
  if (smtpUrl && !to) throw new ConfigError('SMTP_URL is set but ALERT_EMAIL_TO is not: set ALERT_EMAIL_TO to the address(es) that receive alerts, or unset SMTP_URL');
  if (!to || !smtpUrl) return undefined;
  const url = new URL(smtpUrl);
  const user = decodeURIComponent(url.username);
  return { to, smtpUrl, from: from ?? (/^[^\s@]+@[^\s@]+$/.test(user) ? user : `ghl-payments@${url.hostname}`) };
}

export type RulesSource =
  | { kind: 'file'; path: string; explicit: boolean }
  | { kind: 'status-tags'; statusTags: Record<string, string[]> }
  | { kind: 'default' };

/**
 * RULES_FILE, else `rules.yaml` in the data folder when present; GHL_STATUS_TAGS is the shorthand. Both at once are
 * refused rather than merged: which tags a status adds must be readable in one place.
 */
function readRulesSource(file: string | undefined, statusTags: Record<string, string[]> | undefined, dataDir: string): RulesSource {
  const found = file ? { path: resolveFromRoot(file), explicit: true } : fs.existsSync(path.join(dataDir, 'rules.yaml'))
    ? { path: path.join(dataDir, 'rules.yaml'), explicit: false } : null;
  if (found && statusTags) {
    throw new ConfigError(`GHL_STATUS_TAGS and the rules file ${found.path} are both set: rules come from one place. `
      + 'Move the tags into the rules file (docs/rules.md) and unset GHL_STATUS_TAGS, or remove the file.');
  }
  if (found) return { kind: 'file', ...found };
  return statusTags ? { kind: 'status-tags', statusTags } : { kind: 'default' };
}

/** When the worker's circuit breaker opens and how long it stays open (see packages/worker/src/circuit-breaker.ts). */
export interface CircuitBreakerSettings {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

function readCircuitBreaker(threshold: number | null, cooldownMs: number, maxCooldownMs: number): CircuitBreakerSettings | null {
  return threshold === null ? null : { threshold, cooldownMs, maxCooldownMs: Math.max(cooldownMs, maxCooldownMs) };
}

/** Values that override the environment, keyed like CONFIG_VARIABLES (CLI flags map onto these). */
export type ConfigOverrides = Partial<Record<ConfigKey, string | number | undefined>>;

/** Parses one variable from the overrides, the environment or its default: a value always when it has a default. */
function readVariable<K extends DefaultedConfigKey>(key: K, env: NodeJS.ProcessEnv, overrides: ConfigOverrides): Parsed<K>;
function readVariable<K extends ConfigKey>(key: K, env: NodeJS.ProcessEnv, overrides: ConfigOverrides): Parsed<K> | undefined;
function readVariable(key: ConfigKey, env: NodeJS.ProcessEnv, overrides: ConfigOverrides): unknown {
  const spec: ConfigVariable<unknown> = CONFIG_VARIABLES[key];
  const override = overrides[key];
  const fromEnv = env[spec.name];
  const raw = override !== undefined ? String(override) : fromEnv !== undefined && fromEnv !== '' ? fromEnv : spec.default;
  if (raw === undefined) return undefined;
  try {
    return spec.parse(raw);
  } catch (err) {
    const shown = spec.secret ? '' : ` ${(err as Error).message}`;
    const where = override !== undefined ? `option for ${spec.name}` : spec.name;
    throw new ConfigError(`Invalid ${where}:${shown || ' the value cannot be parsed'}`.trim());
  }
}

/** Turns DATABASE_URL into a database target: postgres:// URLs or a SQLite file path. */
export function parseDatabaseUrl(url: string): { client: 'postgres'; connectionString: string } | { client: 'sqlite'; filename: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { client: 'postgres', connectionString: url };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^sqlite:/i.test(url) && !/^file:/i.test(url)) {
    throw new ConfigError('Invalid DATABASE_URL: only postgres:// URLs or SQLite file paths are supported');
  }
  const stripped = url.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  if (stripped === ':memory:') return { client: 'sqlite', filename: ':memory:' };
  if (stripped === '') throw new ConfigError('Invalid DATABASE_URL: the SQLite file path is empty');
  return { client: 'sqlite', filename: resolveFromRoot(stripped) };
}

/** Loads `.env` from the project root into process.env without overriding variables already set. */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env): void {
  const file = path.join(PROJECT_ROOT, '.env');
  if (fs.existsSync(file)) dotenv.config({ path: file, processEnv: env as Record<string, string>, quiet: true });
}

/** Reads the environment (and overrides from CLI flags) into a validated Config; throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  function get<K extends DefaultedConfigKey>(key: K): Parsed<K>;
  function get<K extends ConfigKey>(key: K): Parsed<K> | undefined;
  function get(key: ConfigKey): unknown {
    return readVariable(key, env, overrides);
  }
  rejectPlaceholderValues(env); // `APP_USR-123…` from .env.example would otherwise fail later as "Invalid character in header content"
  const db = parseDatabaseUrl(get('databaseUrl'));
  const database: Config['database'] = db.client === 'postgres'
    ? { ...db, poolMax: get('dbPoolMax'), connectTimeoutMs: get('dbConnectTimeout') }
    : { ...db, synchronous: get('sqliteSynchronous'), busyTimeoutMs: get('sqliteBusyTimeout'), connectTimeoutMs: get('dbConnectTimeout') };
  const worker = {
    retryScheduleMs: get('retrySchedule'),
    concurrency: get('workerConcurrency'),
    batchSize: get('workerBatchSize'),
    pollIntervalMs: get('workerPollInterval'),
    leaseMs: get('workerLease'),
    graceMs: get('workerGrace'),
    circuitBreaker: readCircuitBreaker(get('circuitBreakerThreshold'), get('circuitBreakerCooldown'), get('circuitBreakerMaxCooldown')),
    metrics: { port: get('workerMetricsPort'), host: get('workerMetricsHost') },
  };
  const dataDir = db.client === 'sqlite' && db.filename !== ':memory:' ? path.dirname(db.filename) : resolveFromRoot('data');
  return {
    database,
    receiver: { port: get('port'), host: get('host'), bodyLimitBytes: 100 * 1024, trustProxy: get('trustProxy') },
    mercadopago: {
      accessToken: get('mpAccessToken') || undefined,
      webhookSecret: get('mpWebhookSecret')?.[0],
      webhookSecrets: get('mpWebhookSecret') ?? [],
      unverifiedNotifications: get('mpUnverifiedNotifications'),
      signatureToleranceMs: get('mpSignatureTolerance'),
      acceptUnsignedIpn: get('mpAcceptUnsignedIpn'),
      apiUrl: get('mpApiUrl'),
    },
    ghl: {
      apiToken: get('ghlApiToken') || undefined,
      locationId: get('ghlLocationId') || undefined,
      apiUrl: get('ghlApiUrl'),
      apiVersion: get('ghlApiVersion'),
      rateLimit: get('ghlRateLimit'),
    },
    worker,
    httpTimeoutMs: get('httpTimeout'),
    reconcile: { intervalMs: get('reconcileInterval'), windowMs: get('reconcileWindow') },
    retention: { maxAgeMs: readRetention(get('retentionDays')) },
    log: { dir: resolveFromRoot(get('logDir')), level: get('logLevel'), maxSizeBytes: get('logMaxSize'), maxFiles: get('logMaxFiles') },
    operators: { adminToken: get('adminToken'), metricsPublic: get('metricsPublic'), alertWebhookUrl: get('alertWebhookUrl') },
    accounts: { secretsKey: get('secretsKey') || undefined, previousSecretsKeys: get('secretsKeyPrevious') || undefined, maxInFlight: get('accountMaxInFlight') },
    ui: { language: get('uiLanguage'), timeZone: get('timeZone') },
    alerts: {
      jsonWebhookUrl: get('alertJsonWebhookUrl'),
      email: readAlertEmail(get('alertEmailTo'), get('smtpUrl'), get('alertEmailFrom')),
      language: get('alertLanguage') ?? get('uiLanguage') ?? 'es',
      backlogAgeMs: get('alertBacklogAge'),
      digestTime: get('digestTime'),
      timeZone: get('timeZone') ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      publicUrl: get('publicUrl'),
    },
    rules: readRulesSource(get('rulesFile'), get('ghlStatusTags'), dataDir),
    paymentLinks: {
      workflowSecret: get('ghlWorkflowSecret') || undefined, field: get('paymentLinkField'), note: get('paymentLinkNote'), backUrl: get('paymentLinkBackUrl'),
    },
    dataDir,
  };
}

/** RETENTION_DAYS in milliseconds (null: off). */
function readRetention(days: number | null): number | null {
  return days === null ? null : days * 86_400_000;
}

/** The secret values of a config, for redaction. */
export function listSecrets(config: Config): string[] {
  const values = [
    config.mercadopago.accessToken, ...config.mercadopago.webhookSecrets, config.ghl.apiToken,
    config.operators.adminToken, config.operators.alertWebhookUrl, config.alerts.jsonWebhookUrl, config.alerts.email?.smtpUrl,
    config.paymentLinks?.workflowSecret, config.accounts.secretsKey,
    ...(config.accounts.previousSecretsKeys?.split(',').map((key) => key.trim()) ?? []),
  ];
  const smtpPassword = config.alerts.email ? safePassword(config.alerts.email.smtpUrl) : undefined;
  if (smtpPassword) values.push(smtpPassword, encodeURIComponent(smtpPassword));
  if (config.database.client === 'postgres') {
    const password = safePassword(config.database.connectionString);
    if (password) values.push(password);
  }
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 4);
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
