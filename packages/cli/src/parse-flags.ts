import { InvalidArgumentError } from 'commander';
import { parseDuration } from '@ghl-payments/core';

/** commander parser for a positive whole number flag. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** commander parser for a duration flag (`500ms`, `30s`, `1m`): validated here, passed on as text. */
export function parseDurationFlag(value: string): string {
  try {
    parseDuration(value);
    return value;
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}
