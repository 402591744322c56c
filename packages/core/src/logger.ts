import path from 'node:path';
import { createStream, RotatingFileStream } from 'rotating-file-stream';
import winston from 'winston';
import { consoleLineFormat, jsonLineFormat, redactFormat } from './log-formats';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** Folder for webhook.log (JSON lines); omit to log to the console only. */
  dir?: string;
  /** Known secret values, scrubbed from every message and field. */
  secrets?: readonly string[];
  /** Readable console output on standard error (default true). */
  console?: boolean;
  /** Included in every line, e.g. { process: 'worker' }. */
  defaultMeta?: Record<string, unknown>;
  /** Rotate webhook.log once it reaches this size (default 20 MiB); null never rotates (e.g. when logrotate does). */
  maxSizeBytes?: number | null;
  /** Files kept by rotation, webhook.log included (default 10, at least 2). */
  maxFiles?: number;
}

/** The file the JSON lines go to, inside LoggerOptions.dir. */
export const LOG_FILE_NAME = 'webhook.log';

const DEFAULT_MAX_SIZE_BYTES = 20 * 1024 * 1024;
const DEFAULT_MAX_FILES = 10;

/** The rotating file stream behind each logger that writes webhook.log, for closeLogger to end and wait for. */
const logFileStreams = new WeakMap<Logger, RotatingFileStream>();

/** The stream that writes `logger`'s webhook.log, if it has one. */
export function logFileStreamOf(logger: Logger): RotatingFileStream | undefined {
  return logFileStreams.get(logger);
}

/**
 * Builds the winston logger from stock transports, secrets redacted before any of them sees a line: winston's Console
 * for readable lines on standard error (every level), and winston's Stream transport over rotating-file-stream for the
 * JSON lines in `dir/webhook.log`. rotating-file-stream is a Writable: lines that arrive while it rotates wait in its
 * buffer and go to the next file, none is dropped, and a file is rotated as soon as a line takes it to the size, so it
 * ends at most one line past it. Rotation is the classical one: webhook.log stays the current file, older content
 * moves to webhook1.log, webhook2.log, … The file is written asynchronously: end the logger with closeLogger before
 * the process exits.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: winston.transport[] = [];
  if (options.console !== false) {
    transports.push(new winston.transports.Console({
      format: consoleLineFormat(),
      stderrLevels: Object.keys(winston.config.npm.levels),
    }));
  }
  const warn = warnOnceOfLostLines();
  let fileStream: RotatingFileStream | undefined;
  if (options.dir) {
    fileStream = openLogFile(options.dir, options.maxSizeBytes === undefined ? DEFAULT_MAX_SIZE_BYTES : options.maxSizeBytes, options.maxFiles);
    fileStream.on('error', warn);
    transports.push(new winston.transports.Stream({ stream: fileStream, format: jsonLineFormat(), eol: '\n' }));
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: options.defaultMeta,
    format: redactFormat({ secrets: options.secrets ?? [] }),
    transports,
  });
  logger.on('error', warn);
  if (fileStream) logFileStreams.set(logger, fileStream);
  return logger;
}

/**
 * Opens `dir/webhook.log` for appending (what was there is kept). With a size, it is rotated once a line takes it
 * there: webhook.log becomes webhook1.log, the older ones shift up, and the one beyond `maxFiles` (webhook.log counted)
 * is deleted. Without one it is never rotated (an external tool such as logrotate does it).
 */
function openLogFile(dir: string, maxSizeBytes: number | null, maxFiles = DEFAULT_MAX_FILES): RotatingFileStream {
  const name = (index: number | Date | null): string => path.join(dir, typeof index === 'number' && index > 0 ? rotatedName(index) : LOG_FILE_NAME);
  if (maxSizeBytes === null) return createStream(name, {});
  // rotate counts the rotated files only; below 2 files in all it would keep 2
  return createStream(name, { size: `${maxSizeBytes}B`, rotate: Math.max(2, maxFiles) - 1 });
}

/** webhook1.log for the newest rotated file, webhook2.log for the one before, … */
function rotatedName(index: number): string {
  const ext = path.extname(LOG_FILE_NAME);
  return `${path.basename(LOG_FILE_NAME, ext)}${index}${ext}`;
}

/**
 * A log destination that fails (a folder that became unwritable) must not crash the process: it is reported once as a
 * process warning. A line logged after closeLogger ended the logger (work still finishing during a stop), or one that
 * reaches the file after closeLogger gave up waiting and closed it, is dropped.
 */
function warnOnceOfLostLines(): (err: Error) => void {
  let warned = false;
  return (err) => {
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_WRITE_AFTER_END' || warned) return;
    warned = true;
    process.emitWarning(`log lines lost: ${err.message}`);
  };
}

/** A logger that writes nothing (tests, library use). */
export function createSilentLogger(): Logger {
  return winston.createLogger({ transports: [new winston.transports.Console({ silent: true })] });
}
