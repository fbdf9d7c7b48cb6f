import type { STSClient } from '@aws-sdk/client-sts';
import { ApiCallCounter } from '../aws/api-call-counter';
import { createIamClient } from '../aws/iam-client';
import { assumeRoleCredentials, auditSessionName } from '../aws/member-credentials';
import { describeFailure } from '../core/errors';
import type { AccountAuditReport, MemberAccount } from '../core/organization';
import { memberRoleArn, notAuditedReport, withAccount } from '../core/organization';
import type { AuditSettings } from '../settings/table';
import type { AuditAccountOptions } from './audit-account';
import { auditAccount } from './audit-account';

/** Who audits: the caller's own account (audited with its own credentials) and the role to assume elsewhere. */
export interface MemberAuditContext {
  readonly callerAccountId: string;
  readonly partition: string;
  readonly roleName: string;
  readonly sts: STSClient;
}

/**
 * Audits one account of the organization: with the caller's credentials in its own account, through
 * the member role elsewhere. Never throws: a role that cannot be assumed, or anything else that stops
 * the audit, is that account's `failed` report naming the reason, never a silent pass.
 */
export async function auditMemberAccount(
  settings: AuditSettings,
  account: MemberAccount,
  context: MemberAuditContext,
  options: Pick<AuditAccountOptions, 'users' | 'deadline' | 'onProgress' | 'securityHub'> & {
    /** Counts the audit's IAM calls (the report's `apiCalls`), for a caller that wants its throttles too. */
    readonly counter?: ApiCallCounter;
  } = {},
): Promise<AccountAuditReport> {
  const startedAt = new Date();
  // Findings of an account are imported into its own Security Hub, with its own credentials.
  const securityHub = options.securityHub && {
    ...options.securityHub,
    accountId: account.id,
    partition: context.partition,
  };
  try {
    const counter = options.counter ?? new ApiCallCounter();
    if (account.id === context.callerAccountId) {
      const iam = { client: createIamClient(counter), counter };
      return withAccount(
        await auditAccount(settings, { ...options, securityHub, accountId: account.id, iam }),
        account,
      );
    }
    const roleArn = memberRoleArn(account.id, context.roleName, context.partition);
    const credentials = await assumeRoleCredentials(
      context.sts,
      roleArn,
      auditSessionName(startedAt),
      options.deadline && AbortSignal.timeout(Math.max(0, options.deadline.getTime() - Date.now())),
    );
    const client = createIamClient(counter, { credentials });
    const report = await auditAccount(settings, {
      ...options,
      securityHub,
      accountId: account.id,
      iam: { client, counter },
      // For Security Hub: the member's findings are imported with the member's credentials.
      credentials,
    });
    return withAccount(report, account);
  } catch (err) {
    return notAuditedReport(account, describeFailure(err), startedAt, settings.strategy);
  }
}
