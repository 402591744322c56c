import type { Config, Logger } from '@ghl-payments/core';
import type { Store } from '@ghl-payments/store';

/** What the operator API and dashboard need. */
export interface OperatorDeps {
  store: Store;
  config: Config;
  logger: Logger;
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** The token every operator request must prove. */
  adminToken: string;
  /** Values scrubbed from every answer (the admin token and the configured secrets). */
  secrets: readonly string[];
  /** False while the schema is not migrated: answers 503. */
  isDatabaseReady: () => boolean;
}
