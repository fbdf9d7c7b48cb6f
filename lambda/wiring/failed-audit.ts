import type { AuditReport } from '../core/types';

/**
 * Why a failed audit failed, for the error its invocation ends with (so the errors alarm fires):
 * each failed step, and the publish error when its failure notice could not go out either.
 */
export function describeFailedAudit(report: AuditReport, undelivered?: string): string {
  const cause = report.errors.map((e) => `${e.operation}: ${e.message}`).join('; ');
  return undelivered ? `${cause}; its failure notice could not be published either: ${undelivered}` : cause;
}
