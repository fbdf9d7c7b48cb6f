import type { AuditReport } from '../core/types';

export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_VIOLATIONS = 2;

/**
 * 0 only when every user was judged and none violates (the root user included). Any user that could not be checked makes
 * the run incomplete (1) even if violations were found: "2" promises a complete list. A named user
 * that does not exist is a check that could not be done: 1, never a quiet 0.
 */
export function exitCodeFor(report: AuditReport): number {
  if (report.status !== 'complete') return EXIT_INCOMPLETE;
  if (report.scope.kind === 'users' && report.scope.notFound.length > 0) return EXIT_INCOMPLETE;
  return report.summary.violations > 0 || report.summary.rootViolation ? EXIT_VIOLATIONS : EXIT_OK;
}
