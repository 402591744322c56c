import fs from 'node:fs';
import type { DatabaseTarget } from '@ghl-payments/core';

/**
 * Why a command that only reads (or manages) existing data cannot use this database: a SQLite file that does not
 * exist is almost always a mistyped path, and opening it would create an empty database (and its folders) there.
 * undefined when the database may be opened (it exists, or it is PostgreSQL or in memory).
 */
export function findMissingDatabase(target: DatabaseTarget): string | undefined {
  if (target.client !== 'sqlite' || target.filename === ':memory:' || fs.existsSync(target.filename)) return undefined;
  return `the database ${target.filename} does not exist: check DATABASE_URL or --database-url for a typo `
    + '(`ghl-payments migrate` creates a new one)';
}
