import { Config, createLogger, listSecrets, Logger } from '@ghl-payments/core';

/** The logger of one process (receiver, worker, cli): console plus LOG_DIR/webhook.log (rotated by LOG_MAX_SIZE / LOG_MAX_FILES), secrets redacted. */
export function createProcessLogger(config: Config, processName: string): Logger {
  return createLogger({
    level: config.log.level,
    dir: config.log.dir,
    maxSizeBytes: config.log.maxSizeBytes,
    maxFiles: config.log.maxFiles,
    secrets: listSecrets(config),
    defaultMeta: { process: processName },
  });
}
