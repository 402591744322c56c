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

/** The closing line: how many problems and warnings, and what to do next. */
export function summarizeChecks(results: readonly CheckResult[]): string {
  const failures = results.filter((r) => r.status === 'fail').length;
  const warnings = results.filter((r) => r.status === 'warn').length;
  const warned = `${warnings} warning${warnings === 1 ? '' : 's'} (!) worth a look`;
  if (failures === 0) return warnings ? `All checks passed; ${warned}.` : 'All checks passed.';
  // problems and warnings are counted apart: "2 problems (3 warnings)" read as if the warnings were among the problems
  return `${failures} problem${failures > 1 ? 's' : ''} to fix (✗)${warnings ? ` and ${warned}` : ''}: fix the ✗ lines above, then run \`ghl-payments doctor\` again.`;
}
