import fs from 'node:fs';
import { resolveFromRoot } from '@ghl-payments/core';

/** The product version from the root package.json. */
export function readVersion(): string {
  return (JSON.parse(fs.readFileSync(resolveFromRoot('package.json'), 'utf8')) as { version: string }).version;
}
