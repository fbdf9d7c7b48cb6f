import type { AuditReport } from '../core/types';
import type { OrganizationReport } from '../core/organization';

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
  // `--security-hub` asked for the findings there: any that did not get there is work not done.
  if (report.securityHub && report.securityHub.errors.length > 0) return EXIT_INCOMPLETE;
  // `--enforce on` asked for changes: one that failed is work not done.
  if (report.enforcement && report.enforcement.failed.length > 0) return EXIT_INCOMPLETE;
  return report.summary.violations > 0 || report.summary.rootViolation ? EXIT_VIOLATIONS : EXIT_OK;
}

/**
 * The same over a whole organization: 1 if the accounts could not be listed or any account was not
 * completely audited (a partial list of violators is never a "2"), else 2 if any account has a
 * console user or a root user without MFA, else 0.
 */
export function exitCodeForOrganization(report: OrganizationReport): number {
  if (report.status !== 'complete') return EXIT_INCOMPLETE;
  if (report.accounts.some((a) => a.securityHub && a.securityHub.errors.length > 0)) return EXIT_INCOMPLETE;
  return report.summary.violations > 0 || report.summary.rootViolations > 0 ? EXIT_VIOLATIONS : EXIT_OK;
}
