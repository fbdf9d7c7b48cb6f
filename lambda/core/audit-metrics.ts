/**
 * An audit's CloudWatch metrics as plain data: which numbers, under which dimension sets. Fails
 * closed: an audit that could not run says so (`AuditFailed` 1) and emits no count, since a 0 on a
 * graph reads as compliant; a count nobody judged (the root user of a failed root check, the
 * account of a re-check of named users) is left out rather than sent as 0.
 */
import type { DimensionSet, MetricName, MetricUnitName } from './metric-names';
import { DIMENSION, METRIC } from './metric-names';
import type { AccountAuditReport, OrganizationReport } from './organization';
import { ROOT_ROW_USER } from './credential-report-csv';
import type { AuditReport } from './types';

export interface MetricDatum {
  readonly name: MetricName;
  readonly unit: MetricUnitName;
  readonly value: number;
}

/**
 * What an audit found (`results`) and what it took (`costs`). Kept apart because organization mode
 * totals them in different places: results per organization, costs per account audit.
 */
export interface AuditMetrics {
  readonly results: readonly MetricDatum[];
  readonly costs: readonly MetricDatum[];
}

/** Metrics emitted together (one EMF record) under every one of the dimension sets. */
export interface MetricBatch {
  readonly dimensionSets: readonly DimensionSet[];
  readonly metrics: readonly MetricDatum[];
}

export interface AccountAuditRun {
  readonly durationMs: number;
  /** Throttled attempts (the SDK retried them), over every operation. */
  readonly throttles: number;
}

const count = (name: MetricName, value: number): MetricDatum => ({ name, unit: 'Count', value });
const milliseconds = (name: MetricName, value: number): MetricDatum => ({
  name,
  unit: 'Milliseconds',
  value: Math.max(0, Math.round(value)),
});

/**
 * One account's audit. `report` null: a full audit that ended without a report (it threw). A
 * re-check of named users emits nothing: its counts are of those users, not of the account, and
 * on the account's series they would read as the account's.
 */
export function accountAuditMetrics(report: AuditReport | null, run: AccountAuditRun): AuditMetrics {
  if (report?.scope.kind === 'users') return { results: [], costs: [] };
  const costs = [
    milliseconds(METRIC.auditDuration, run.durationMs),
    ...(report ? [count(METRIC.apiCalls, total(report.apiCalls))] : []),
    count(METRIC.apiThrottles, run.throttles),
  ];
  if (report === null || report.status === 'failed') {
    return { results: [count(METRIC.auditFailed, 1)], costs };
  }
  return {
    results: [
      count(METRIC.auditFailed, 0),
      count(METRIC.consoleUsersWithoutMfa, report.summary.violations),
      count(METRIC.usersNotChecked, usersNotChecked(report)),
      count(METRIC.usersExempted, report.summary.exempted),
      count(METRIC.usersPending, report.summary.pending),
      ...(report.root ? [count(METRIC.rootWithoutMfa, report.root.violation ? 1 : 0)] : []),
      ...securityHubErrors([report]),
    ],
    costs,
  };
}

/** Security Hub errors of the audits that exported (none when the export was off or skipped). */
function securityHubErrors(reports: readonly AuditReport[]): MetricDatum[] {
  const exported = reports.filter((r) => r.securityHub && r.securityHub.status !== 'skipped');
  if (exported.length === 0) return [];
  return [
    count(
      METRIC.securityHubErrors,
      exported.reduce((n, r) => n + (r.securityHub?.errors.length ?? 0), 0),
    ),
  ];
}

/**
 * The organization run, from its report. `costs` are the run's (listing to aggregation) and the
 * accounts' IAM calls; throttles are not in the reports, so they are counted per account audit only.
 * Counts cover the accounts that were audited; with none audited there are no counts, only
 * `AccountsNotAudited`.
 */
export function organizationAuditMetrics(
  report: OrganizationReport | null,
  run: { readonly durationMs: number },
): AuditMetrics {
  const costs = [
    milliseconds(METRIC.auditDuration, run.durationMs),
    ...(report
      ? [
          count(
            METRIC.apiCalls,
            sum(report.accounts, (a) => total(a.apiCalls)),
          ),
        ]
      : []),
  ];
  if (report === null || report.status === 'failed') {
    return { results: [count(METRIC.auditFailed, 1)], costs };
  }
  const audited = report.accounts.filter((a) => a.status !== 'failed');
  const rootsJudged = audited.filter((a) => a.root !== null);
  return {
    results: [
      count(METRIC.auditFailed, 0),
      count(METRIC.accountsNotAudited, report.summary.accountsFailed),
      ...(audited.length === 0
        ? []
        : [
            count(
              METRIC.consoleUsersWithoutMfa,
              sum(audited, (a) => a.summary.violations),
            ),
            count(METRIC.usersNotChecked, sum(audited, usersNotChecked)),
            count(
              METRIC.usersExempted,
              sum(audited, (a) => a.summary.exempted),
            ),
            count(
              METRIC.usersPending,
              sum(audited, (a) => a.summary.pending),
            ),
          ]),
      ...(rootsJudged.length === 0
        ? []
        : [count(METRIC.rootWithoutMfa, rootsJudged.filter((a) => a.root?.violation).length)]),
      ...securityHubErrors(audited),
    ],
    costs,
  };
}

/**
 * Users named in the report's errors, each once: the users the audit could not judge. The root
 * user's failed check is not one of them (`RootWithoutMfa` is then left out instead).
 */
export function usersNotChecked(report: AuditReport): number {
  return new Set(
    report.errors.flatMap((e) => (e.userName === null || e.userName === ROOT_ROW_USER ? [] : [e.userName])),
  ).size;
}

interface Where {
  readonly accountId?: string | null;
  readonly organizationId?: string | null;
  /** The deployment's name; absent when this function does not report for the whole deployment. */
  readonly deployment?: string;
}

/**
 * The single-account function: everything per account and, when it is the deployment's auditor
 * (single-account mode), per deployment too.
 */
export function singleAccountBatches(metrics: AuditMetrics, where: Where): MetricBatch[] {
  return batch([accountSet(where), deploymentSet(where)], [...metrics.results, ...metrics.costs]);
}

/**
 * The organization run's account function (a map item): results per account only, as the
 * aggregation totals them per deployment; costs per account and per deployment, where each
 * account's audit is one data point (the slowest against the function's timeout, calls summed).
 */
export function organizationAccountBatches(metrics: AuditMetrics, where: Where): MetricBatch[] {
  return [
    ...batch([accountSet(where)], metrics.results),
    ...batch([accountSet(where), deploymentSet(where)], metrics.costs),
  ];
}

/** The aggregation: results per organization and per deployment; the run's costs per organization. */
export function organizationBatches(metrics: AuditMetrics, where: Where): MetricBatch[] {
  const organization = where.organizationId
    ? { [DIMENSION.organizationId]: where.organizationId }
    : undefined;
  return [
    ...batch([organization, deploymentSet(where)], metrics.results),
    ...batch([organization], metrics.costs),
  ];
}

function accountSet(where: Where): DimensionSet | undefined {
  return where.accountId ? { [DIMENSION.accountId]: where.accountId } : undefined;
}

function deploymentSet(where: Where): DimensionSet | undefined {
  return where.deployment ? { [DIMENSION.deployment]: where.deployment } : undefined;
}

function batch(sets: readonly (DimensionSet | undefined)[], metrics: readonly MetricDatum[]): MetricBatch[] {
  const dimensionSets = sets.filter((s): s is DimensionSet => s !== undefined);
  return dimensionSets.length > 0 && metrics.length > 0 ? [{ dimensionSets, metrics }] : [];
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}

function sum(accounts: readonly AccountAuditReport[], pick: (a: AccountAuditReport) => number): number {
  return accounts.reduce((n, a) => n + pick(a), 0);
}
