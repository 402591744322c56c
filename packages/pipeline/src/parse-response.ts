import { z } from 'zod';
import { PermanentError } from '@ghl-payments/core';
import type { UpstreamService } from './http-hooks';

/** Validates a response body against its schema; a body of another shape is a PermanentError ("malformed response"). */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: { service: UpstreamService; serviceName: string; operation: string },
): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new PermanentError(`malformed response from ${where.serviceName} ${where.operation}: ${issues}`, { service: where.service });
}
