import type { Config } from './config';
import { LoadedSecretBox, loadSecretBox, rotateKeyFile } from './secret-box';

/** The environment loadSecretBox reads, from the parsed config (SECRETS_KEY, SECRETS_KEY_PREVIOUS). */
function keyEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...(config.accounts.secretsKey ? { SECRETS_KEY: config.accounts.secretsKey } : {}),
    ...(config.accounts.previousSecretsKeys ? { SECRETS_KEY_PREVIOUS: config.accounts.previousSecretsKeys } : {}),
  };
}

/**
 * The key of the accounts' secrets: SECRETS_KEY, else the key file in the data folder. `create: false` (readers:
 * the receiver, the worker) never writes a key file; adding an account does (default).
 */
export function loadAccountsKey(config: Config, o: { create?: boolean } = {}): LoadedSecretBox {
  return loadSecretBox({ env: keyEnv(config), dataDir: config.dataDir, create: o.create ?? true });
}

/** A new key file, the old key kept for reading (`accounts rotate-key`); refused when the key comes from SECRETS_KEY. */
export function rotateAccountsKey(config: Config): LoadedSecretBox {
  return rotateKeyFile({ env: keyEnv(config), dataDir: config.dataDir });
}
