import fs from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { redactText, redactValue } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** Folder for webhook.log (JSON lines); omit to log to the console only. */
  dir?: string;
  /** Known secret values, scrubbed from every message and field. */
  secrets?: readonly string[];
  /** Readable console output (default true). */
  console?: boolean;
  /** Included in every line, e.g. { process: 'worker' }. */
  defaultMeta?: Record<string, unknown>;
  /** Rotate webhook.log at this size (default 20 MiB); null never rotates (e.g. when logrotate does). */
  maxSizeBytes?: number | null;
  /** Files kept by rotation, webhook.log included (default 10). */
  maxFiles?: number;
}

const DEFAULT_MAX_SIZE_BYTES = 20 * 1024 * 1024;
const DEFAULT_MAX_FILES = 10;

const redactFormat = winston.format((info, opts: unknown) => {
  const secrets = (opts as { secrets: readonly string[] }).secrets;
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    (info as Record<string, unknown>)[key] = redactValue(info[key], secrets);
  }
  if (typeof info.message === 'string') info.message = redactText(info.message, secrets);
  return info;
});

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Local HH:mm:ss for the console (what winston's `format: 'HH:mm:ss'` gives, without a date library call per line). */
export function formatClockTime(date: Date = new Date()): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** Builds the winston logger: JSON lines to LOG_DIR/webhook.log and readable lines on the console, secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: winston.transport[] = [];
  if (options.console !== false) {
    transports.push(new winston.transports.Console({
      stderrLevels: ['error', 'warn', 'info', 'debug'],
      format: winston.format.combine(
        winston.format.timestamp({ format: formatClockTime }),
        winston.format.printf(({ timestamp, level, message, process: proc, ...rest }) => {
          const extras = Object.entries(rest).filter(([k]) => k !== 'service').map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
          return `${timestamp} ${level.padEnd(5)} ${proc ? `[${proc}] ` : ''}${message}${extras.length ? ` ${extras.join(' ')}` : ''}`;
        }),
      ),
    }));
  }
  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    transports.push(new winston.transports.File({
      filename: path.join(options.dir, 'webhook.log'),
      ...rotationOptions(options),
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    }));
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta,
    format: redactFormat({ secrets: options.secrets ?? [] }),
    transports,
  });
  skipDisabledLevels(logger);
  return logger;
}

/**
 * winston formats and pipes every call, even one below the level, before its transports drop it (~12 µs each; the
 * worker makes four debug calls per event — see docs/benchmarks.md): the level methods (`logger.debug(…)`…) return
 * at once when no transport would write the line. `logger.level` can still be changed at any time.
 */
function skipDisabledLevels(logger: winston.Logger): void {
  const methods = logger as unknown as Record<string, unknown>;
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level];
    if (typeof write !== 'function') continue;
    methods[level] = function levelMethod(this: unknown, ...args: unknown[]): unknown {
      return logger.isLevelEnabled(level) ? (write as (...a: unknown[]) => unknown).apply(this ?? logger, args) : logger;
    };
  }
}

/** winston's size rotation: webhook.log stays current, older content moves to webhook1.log, webhook2.log, … */
function rotationOptions(options: LoggerOptions): { maxsize?: number; maxFiles?: number; tailable?: boolean } {
  const maxsize = options.maxSizeBytes === undefined ? DEFAULT_MAX_SIZE_BYTES : options.maxSizeBytes;
  if (maxsize === null) return {};
  return { maxsize, maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES, tailable: true };
}

/** A logger that writes nothing (tests, library use). */
export function createSilentLogger(): Logger {
  return winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
}
