import path from 'node:path';
import winston from 'winston';
import { BufferedLineTransport } from './buffered-line-transport';
import { consoleLineFormat, jsonLineFormat, redactFormat } from './log-formats';

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
const STDERR = 2;

/**
 * Builds the winston logger: JSON lines to LOG_DIR/webhook.log and readable lines on the console (standard error),
 * secrets redacted. Both are written in batches by BufferedLineTransport, never one system call per line.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: winston.transport[] = [];
  if (options.console !== false) {
    transports.push(new BufferedLineTransport({
      target: { fd: STDERR },
      format: consoleLineFormat(),
    }));
  }
  if (options.dir) {
    transports.push(new BufferedLineTransport({
      target: {
        filename: path.join(options.dir, 'webhook.log'),
        maxSizeBytes: options.maxSizeBytes === undefined ? DEFAULT_MAX_SIZE_BYTES : options.maxSizeBytes,
        maxFiles: options.maxFiles ?? DEFAULT_MAX_FILES,
      },
      format: jsonLineFormat(),
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

/** A logger that writes nothing (tests, library use). */
export function createSilentLogger(): Logger {
  return winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
}
