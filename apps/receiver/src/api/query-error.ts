/** A request parameter (query, path or body field) with an unusable value: answered 400, naming it. */
export class QueryError extends Error {
  readonly status = 400;

  constructor(readonly parameter: string, message: string) {
    super(`invalid ${parameter}: ${message}`);
    this.name = 'QueryError';
  }
}
