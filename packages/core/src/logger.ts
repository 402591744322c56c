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

/** Builds the winston logger: JSON lines to LOG_DIR/webhook.log and readable lines on the console, secrets redacted. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: winston.transport[] = [];
  if (options.console !== false) {
    transports.push(new winston.transports.Console({
      stderrLevels: ['error', 'warn', 'info', 'debug'],
      format: winston.format.combine(
        winston.format.timestamp({ format: 'HH:mm:ss' }),
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
  return winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta,
    format: redactFormat({ secrets: options.secrets ?? [] }),
    transports,
  });
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
