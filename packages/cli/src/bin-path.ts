import path from 'node:path';

const BIN_DIR = path.resolve(__dirname, '..', 'bin');

/** The launcher of one of the project's commands (`ghl-payments`, `process-webhooks`), to spawn with `process.execPath`. */
export function binPath(name: 'ghl-payments' | 'process-webhooks'): string {
  return path.join(BIN_DIR, `${name}.js`);
}
