import type { ApiCallCounter } from '../aws/api-call-counter';
import type { MetricsLog } from '../aws/emf-metrics';
import { publishMetrics } from '../aws/emf-metrics';
import {
  accountAuditMetrics,
  organizationAccountBatches,
  organizationAuditMetrics,
  organizationBatches,
  singleAccountBatches,
} from '../core/audit-metrics';
import type { OrganizationReport } from '../core/organization';
import type { AuditReport } from '../core/types';

/**
 * Runs an audit and emits its metrics whatever it ends with: its result, or null when it threw
 * (then the exception goes on, after the metrics). Nothing in `emit` can replace either.
 */
export async function measured<T>(
  audit: () => Promise<T>,
  emit: (result: T | null, durationMs: number) => void,
  log: MetricsLog,
): Promise<T> {
  const startedMs = Date.now();
  let result: T | null = null;
  try {
    result = await audit();
    return result;
  } finally {
    try {
      emit(result, Date.now() - startedMs);
    } catch (err) {
      log.warn('metrics could not be computed', { error: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Throttled attempts the counter saw, over every operation. */
export function throttlesOf(counter: ApiCallCounter): number {
  return Object.values(counter.snapshot().throttled).reduce((n, c) => n + c, 0);
}

export interface AccountMetricsContext {
  readonly durationMs: number;
  readonly counter: ApiCallCounter;
  readonly accountId?: string | null;
  /** The deployment's name, when this function reports for the whole deployment. */
  readonly deployment?: string;
}

/** The single-account function's audit (not a re-check of named users: those emit nothing). */
export function emitSingleAccountMetrics(
  report: AuditReport | null,
  at: AccountMetricsContext,
  log: MetricsLog,
): void {
  const metrics = accountAuditMetrics(report, {
    durationMs: at.durationMs,
    throttles: throttlesOf(at.counter),
  });
  publishMetrics(
    singleAccountBatches(metrics, {
      accountId: report?.accountId ?? at.accountId,
      deployment: at.deployment,
    }),
    log,
  );
}

/** One account of the organization run (a map item). */
export function emitOrganizationAccountMetrics(
  report: AuditReport,
  at: AccountMetricsContext,
  log: MetricsLog,
): void {
  const metrics = accountAuditMetrics(report, {
    durationMs: at.durationMs,
    throttles: throttlesOf(at.counter),
  });
  publishMetrics(
    organizationAccountBatches(metrics, { accountId: report.accountId, deployment: at.deployment }),
    log,
  );
}

/** The organization run's totals, from the aggregation; `startedMs` counts when there is no report. */
export function emitOrganizationMetrics(
  report: OrganizationReport | null,
  at: { readonly startedMs: number; readonly deployment?: string },
  log: MetricsLog,
  now = Date.now(),
): void {
  // The run began when the accounts were listed (the report's checkedAt), not when this step did.
  const began = report ? Date.parse(report.checkedAt) : at.startedMs;
  const metrics = organizationAuditMetrics(report, {
    durationMs: now - (Number.isNaN(began) ? at.startedMs : began),
  });
  publishMetrics(
    organizationBatches(metrics, { organizationId: report?.organizationId, deployment: at.deployment }),
    log,
  );
}
