import type { EventResult } from './run-event';

/** Counts of what a worker did, printed as `processed=5 success=4 retried=1 failed=0`. */
export interface WorkerSummary {
  processed: number;
  success: number;
  retried: number;
  failed: number;
  ignored: number;
  deferred: number;
  lost: number;
}

export function createSummary(): WorkerSummary {
  return { processed: 0, success: 0, retried: 0, failed: 0, ignored: 0, deferred: 0, lost: 0 };
}

/** Counts one attempt's result; a `lost` attempt (its outcome not saved) is not counted as processed. */
export function countResult(summary: WorkerSummary, result: EventResult): void {
  if (result !== 'lost') summary.processed += 1;
  summary[result] += 1;
}

/** The one-line form printed by `process-webhooks`. */
export function formatSummary(s: WorkerSummary): string {
  const extra = [s.ignored ? `ignored=${s.ignored}` : '', s.deferred ? `deferred=${s.deferred}` : '', s.lost ? `lost=${s.lost}` : ''].filter(Boolean);
  return [`processed=${s.processed}`, `success=${s.success}`, `retried=${s.retried}`, `failed=${s.failed}`, ...extra].join(' ');
}
