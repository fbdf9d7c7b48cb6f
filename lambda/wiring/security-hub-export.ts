import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { importFindings, readOpenFindings } from '../aws/security-hub';
import { describeFailure } from '../core/errors';
import type { SecurityHubTarget } from '../core/security-hub/asff';
import { GENERATOR_ID, productArn } from '../core/security-hub/asff';
import type { SecurityHubError, SecurityHubExport } from '../core/security-hub/export-result';
import { failedExport, skippedExport, withExport } from '../core/security-hub/export-result';
import type { ExistingFinding } from '../core/security-hub/sync-plan';
import { planSecurityHubSync } from '../core/security-hub/sync-plan';
import type { AuditReport } from '../core/types';

export interface SecurityHubDeps {
  readonly client: SecurityHubClient;
  /** The audited account (the findings' AwsAccountId, which must be the calling account's). */
  readonly accountId: string;
  readonly partition: string;
  readonly abortSignal?: AbortSignal;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * After a full audit: opens (or updates) one finding per violation and for the root user, resolves
 * the open findings of users now compliant, and leaves alone those of users this audit could not
 * check. Returns the report with `securityHub` saying what was done, and a note when anything
 * failed. Never throws: Security Hub failing cannot lose the audit's findings.
 */
export async function exportToSecurityHub(report: AuditReport, deps: SecurityHubDeps): Promise<AuditReport> {
  if (report.status === 'failed') {
    return withExport(report, skippedExport('the audit failed: no finding was changed', deps.accountId));
  }
  if (report.scope.kind !== 'account') {
    return withExport(
      report,
      skippedExport('a re-check of named users changes no finding: the next full audit does', deps.accountId),
    );
  }
  const errors: SecurityHubError[] = [];
  let region: string | null = null;
  try {
    region = await deps.client.config.region();
    const target: SecurityHubTarget = { accountId: deps.accountId, region, partition: deps.partition };
    const existing: ExistingFinding[] = [];
    let complete = true;
    try {
      await readOpenFindings(
        deps.client,
        { generatorId: GENERATOR_ID, accountId: target.accountId, productArn: productArn(target) },
        (page) => existing.push(...page),
        deps.abortSignal,
      );
    } catch (err) {
      complete = false;
      errors.push({ findingId: null, userName: null, ...describeFailure(err) });
    }
    const plan = planSecurityHubSync(
      report,
      target,
      { findings: existing, complete },
      (deps.now ?? (() => new Date()))(),
    );
    const userOf = new Map(
      [...plan.open, ...plan.resolve].map((f) => [
        f.Id,
        f.Resources[0]?.Type === 'AwsIamUser' ? (f.Resources[0].Details?.AwsIamUser.UserName ?? null) : null,
      ]),
    );
    const { imported, rejected } = await importFindings(deps.client, [...plan.open, ...plan.resolve], {
      abortSignal: deps.abortSignal,
      sleep: deps.sleep,
    });
    for (const r of rejected) errors.push({ ...r, userName: userOf.get(r.findingId) ?? null });
    const done = new Set(imported);
    const result: SecurityHubExport = {
      status: errors.length === 0 ? 'exported' : imported.length > 0 ? 'partial' : 'failed',
      accountId: deps.accountId,
      region,
      opened: plan.open.filter((f) => done.has(f.Id)).length,
      resolved: plan.resolve.filter((f) => done.has(f.Id)).length,
      kept: plan.kept,
      errors,
    };
    return withExport(report, result);
  } catch (err) {
    errors.push({ findingId: null, userName: null, ...describeFailure(err) });
    return withExport(report, failedExport(deps.accountId, region, errors));
  }
}
