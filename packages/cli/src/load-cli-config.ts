import { Config, ConfigError, ConfigOverrides, loadConfig, loadDotEnv } from '@ghl-payments/core';
import { EXIT_USAGE } from './exit-codes';

/** Loads `.env` and the environment, applies flag overrides, and exits with one clear message when invalid. */
export function loadCliConfig(overrides: ConfigOverrides = {}): Config {
  loadDotEnv();
  try {
    return loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ghl-payments: ${err.message}\n`);
      process.exit(EXIT_USAGE);
    }
    throw err;
  }
}
