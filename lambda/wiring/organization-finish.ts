import { describeFailure } from '../core/errors';
import type { OrganizationReport } from '../core/organization';
import type { AggregateResult } from '../core/organization-run';
import { runKeys } from '../core/organization-run';
import type { JsonObjectStore } from '../core/ports';

/** The organization run could not vouch for the organization; its alert went out (unless said otherwise). */
export class OrganizationAuditFailedError extends Error {
  override readonly name = 'OrganizationAuditFailedError';
}

export interface FinishRunDeps {
  /** The report bucket. */
  readonly store: JsonObjectStore;
  /** Logs the whole report (before anything else can fail). */
  readonly log: (report: OrganizationReport) => void;
  /** Publishes the one alert stream; absent when this deployment does not publish (dry run, no topic). */
  readonly deliver?: (report: OrganizationReport) => Promise<unknown>;
}

/**
 * The end of the aggregation step: log the report, store it, alert. A report that cannot be stored
 * still alerts, then fails the step. A `failed` organization report fails the step after its alert,
 * so the execution fails and the alarm fires; an alert that cannot be published fails it too
 * (a failed run says so in the error, as the single-account handler does).
 */
export async function finishOrganizationRun(
  runId: string,
  report: OrganizationReport,
  deps: FinishRunDeps,
): Promise<AggregateResult> {
  deps.log(report);
  const reportKey = runKeys(runId).organizationReport;
  const stored = await deps.store.put(reportKey, report).then(
    () => undefined,
    (err: unknown) => err,
  );
  let undelivered: string | undefined;
  if (deps.deliver) {
    try {
      await deps.deliver(report);
    } catch (err) {
      if (report.status !== 'failed' && stored === undefined) throw err;
      undelivered = describeFailure(err).message;
    }
  }
  const storeFailure = stored === undefined ? undefined : describeFailure(stored);
  const alsoWrong = [
    storeFailure &&
      `the organization report could not be stored (${storeFailure.operation}: ${storeFailure.message})`,
    undelivered && `its alert could not be published: ${undelivered}`,
  ].filter((s): s is string => Boolean(s));
  if (report.status === 'failed') {
    const cause = report.errors.map((e) => `${e.operation}: ${e.message}`).join('; ');
    const also = alsoWrong.length > 0 ? `; ${alsoWrong.join('; ')}` : '';
    throw new OrganizationAuditFailedError(`MFA organization audit failed: ${cause}${also}`);
  }
  if (alsoWrong.length > 0) throw new OrganizationAuditFailedError(alsoWrong.join('; '));
  return { runId, reportKey, status: report.status, summary: report.summary };
}
