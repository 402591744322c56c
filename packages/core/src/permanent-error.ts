/** A failure that no retry can fix (a 400/422 for a request we built, a payment without any way to find its contact). */
export class PermanentError extends Error {
  readonly service?: string;

  constructor(message: string, options: { service?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PermanentError';
    this.service = options.service;
  }
}
