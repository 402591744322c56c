import type { Language } from '@ghl-payments/core';
import { pickMessages } from '../messages/define-messages';
import { doctorMessages } from '../messages/doctor-messages';

/** How one doctor check came out: `pass` ✓, `warn` ! (works, but worth a look), `fail` ✗ (must be fixed). */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One line of the doctor's report, with what to do about it. */
export interface CheckResult {
  status: CheckStatus;
  message: string;
  /** What to fix, shown under a warn or fail line. */
  fix?: string;
}

const MARKS: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗' };

/** Shorthands for building results. */
export const pass = (message: string): CheckResult => ({ status: 'pass', message });
export const warn = (message: string, fix?: string): CheckResult => ({ status: 'warn', message, fix });
export const fail = (message: string, fix?: string): CheckResult => ({ status: 'fail', message, fix });

/** `✓ message`, or `✗ message` followed by an indented `→ fix` line. */
export function formatCheckResult(result: CheckResult): string {
  const line = `${MARKS[result.status]} ${result.message}`;
  return result.fix && result.status !== 'pass' ? `${line}\n    → ${result.fix}` : line;
}

/** The closing line: how many problems and warnings, and what to do next, in `language` (default English). */
export function summarizeChecks(results: readonly CheckResult[], language: Language = 'en'): string {
  const failures = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  const texts = pickMessages(doctorMessages, language);
  if (failures === 0) return warnings ? texts.passedWithWarnings({ warnings }) : texts.allPassed;
  return texts.problems({ failures, warnings });
}
