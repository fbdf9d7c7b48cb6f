import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ApiCallCounter } from '../aws/api-call-counter';
import { callerIdentity, createStsClient } from '../aws/member-credentials';
import { createSecurityHubClient } from '../aws/security-hub';
import { describeFailure } from '../core/errors';
import { failedExport, skippedExport, withExport } from '../core/security-hub/export-result';
import type { AuditReport } from '../core/types';
import { exportToSecurityHub } from './security-hub-export';

export interface SecurityHubOptions {
  /** A dry run writes nothing: the report says the export was skipped. */
  readonly dryRun?: boolean;
  /** The audited account and partition when the caller knows them (else STS says). */
  readonly accountId?: string;
  readonly partition?: string;
  /** Calls still waiting at this time are abandoned (their findings are errors). */
  readonly deadline?: Date;
  readonly region?: string;
}

/**
 * Security Hub for one audited account, with that account's credentials: BatchImportFindings only
 * takes findings whose AwsAccountId is the calling account (with the default product ARN), so a
 * member account's findings are imported with its member role. Adds the Security Hub calls to
 * the report's `apiCalls`.
 */
export async function exportAccountFindings(
  report: AuditReport,
  options: SecurityHubOptions & { readonly credentials?: AwsCredentialIdentityProvider },
): Promise<AuditReport> {
  if (options.dryRun) {
    return withExport(
      report,
      skippedExport('dry run: nothing was written to Security Hub', report.accountId),
    );
  }
  const counter = new ApiCallCounter();
  const abortSignal =
    options.deadline && AbortSignal.timeout(Math.max(0, options.deadline.getTime() - Date.now()));
  let account: { accountId: string; partition: string };
  try {
    account = await whoIsAudited(report, options, counter, abortSignal);
  } catch (err) {
    const error = { findingId: null, userName: null, ...describeFailure(err) };
    return withExport(report, failedExport(report.accountId, options.region ?? null, [error]));
  }
  const client = createSecurityHubClient(counter, {
    region: options.region,
    credentials: options.credentials,
  });
  const exported = await exportToSecurityHub(report, { client, ...account, abortSignal });
  const calls = counter.snapshot().calls;
  const apiCalls = { ...report.apiCalls };
  for (const [op, n] of Object.entries(calls)) apiCalls[op] = (apiCalls[op] ?? 0) + n;
  return { ...exported, apiCalls };
}

async function whoIsAudited(
  report: AuditReport,
  options: SecurityHubOptions & { readonly credentials?: AwsCredentialIdentityProvider },
  counter: ApiCallCounter,
  abortSignal: AbortSignal | undefined,
): Promise<{ accountId: string; partition: string }> {
  const accountId = options.accountId ?? report.accountId;
  const anyArn =
    report.violations[0]?.arn ?? report.root?.arn ?? report.exempted[0]?.arn ?? report.pending[0]?.arn;
  const partition = options.partition ?? anyArn?.split(':')[1];
  if (accountId && partition) return { accountId, partition };
  return callerIdentity(createStsClient(counter, options.credentials), abortSignal);
}
