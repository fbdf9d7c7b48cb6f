import type { AuditReport } from './core/types';

/** The subset of a structured logger this module uses (Powertools Logger satisfies it). */
export interface InfoLogger {
  info(message: string, extra: Record<string, unknown>): void;
}

/**
 * Violations per log event. A violation serialises to about 500 bytes, so a chunk stays far below
 * CloudWatch Logs' 256 KB event limit: the full report is always in the log, whatever its size.
 */
export const VIOLATIONS_PER_LOG_EVENT = 200;

/** Logs the whole report as evidence before anything else can fail: header first, then chunks. */
export function logFullReport(logger: InfoLogger, report: AuditReport): void {
  const { violations, ...header } = report;
  const chunks = Math.max(1, Math.ceil(violations.length / VIOLATIONS_PER_LOG_EVENT));
  logger.info('audit report', { report: { ...header, violations: [] }, violationChunks: chunks });
  for (let i = 0; i < violations.length; i += VIOLATIONS_PER_LOG_EVENT) {
    logger.info('audit report violations', {
      chunk: i / VIOLATIONS_PER_LOG_EVENT + 1,
      of: chunks,
      violations: violations.slice(i, i + VIOLATIONS_PER_LOG_EVENT),
    });
  }
}
