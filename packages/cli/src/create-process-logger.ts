import winston from 'winston';
import { CLOSE_LOGGER_TIMEOUT_MS, closeLogger, Config, consoleLineFormat, createLogger, listSecrets, Logger } from '@ghl-payments/core';

/**
 * Log lines that stay out of the console (they still go to webhook.log) because the console already has them in
 * another form: the worker's final summary is its `processed=… success=…` line on standard output.
 */
const FILE_ONLY_MESSAGES: Readonly<Record<string, readonly string[]>> = { worker: ['worker stopped'] };

/** The console transport createLogger would add, minus the messages the console already shows another way. */
function createConsoleTransport(processName: string): winston.transport {
  const skipped = new Set(FILE_ONLY_MESSAGES[processName] ?? []);
  const skipRepeated = winston.format((info) => (skipped.has(String(info.message)) ? false : info));
  return new winston.transports.Console({
    format: winston.format.combine(skipRepeated(), consoleLineFormat()),
    stderrLevels: Object.keys(winston.config.npm.levels),
  });
}

/** Every logger createProcessLogger made in this process, until it is closed. */
const processLoggers = new Set<Logger>();

/** The logger of one process (receiver, worker, cli): console plus LOG_DIR/webhook.log (rotated by LOG_MAX_SIZE / LOG_MAX_FILES), secrets redacted. */
export function createProcessLogger(config: Config, processName: string): Logger {
  const logger = createLogger({
    level: config.log.level,
    dir: config.log.dir,
    maxSizeBytes: config.log.maxSizeBytes,
    maxFiles: config.log.maxFiles,
    secrets: listSecrets(config),
    defaultMeta: { process: processName },
    console: false,
  });
  logger.add(createConsoleTransport(processName));
  processLoggers.add(logger);
  logger.once('finish', () => processLoggers.delete(logger));
  return logger;
}

/**
 * Closes every process logger (see closeLogger): what exits with process.exit awaits this first, because the log
 * file is written asynchronously. Resolves after `timeoutMs` at the latest, even for a logger already being closed.
 */
export async function closeProcessLoggers(timeoutMs = CLOSE_LOGGER_TIMEOUT_MS): Promise<void> {
  if (processLoggers.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
  const closed = Promise.all([...processLoggers].map((logger) => closeLogger(logger, timeoutMs)));
  await Promise.race([closed, bound]);
  clearTimeout(timer);
}
