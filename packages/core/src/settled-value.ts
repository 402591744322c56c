/** The value of a settled promise (from `Promise.allSettled`), or its error thrown. */
export function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
