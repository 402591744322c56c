import { Config, createLogger, listSecrets, Logger } from '@ghl-payments/core';

/** The logger of one process (receiver, worker, cli): console plus LOG_DIR/webhook.log, secrets redacted. */
export function createProcessLogger(config: Config, processName: string): Logger {
  return createLogger({ level: config.log.level, dir: config.log.dir, secrets: listSecrets(config), defaultMeta: { process: processName } });
}
