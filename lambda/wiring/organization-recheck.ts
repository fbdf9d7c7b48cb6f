import { ApiCallCounter } from '../aws/api-call-counter';
import { createIamClient } from '../aws/iam-client';
import { accountStateKey } from '../aws/state-store';
import type { DeliveryResult } from '../alerts/deliver';
import type { AccountAuditReport } from '../core/organization';
import type { SettingsOn } from '../settings/table';
import type { MemberAuditContext } from './audit-member-account';
import { auditMemberAccount } from './audit-member-account';
import { deliverWithAws } from './alert-delivery';
import { describeFailedAudit } from './failed-audit';

/** A re-check could not run; its failure notice was published (unless said otherwise). */
export class RecheckFailedError extends Error {
  override readonly name = 'RecheckFailedError';
}

export interface RecheckRequest {
  /** The account the IAM event happened in (EventBridge's `account`). */
  readonly accountId: string;
  /** The users the event named; undefined: the whole account (e.g. root's own MFA). */
  readonly users?: readonly string[];
}

export interface RecheckDeps {
  readonly member: MemberAuditContext;
  readonly functionName?: string;
  /** The audit's hard deadline, then the alerts' (lambda/core/time-budget.ts). */
  readonly deadline?: Date;
  readonly deliveryDeadline?: Date;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
  /** Logs the report before anything is published. */
  readonly log: (report: AccountAuditReport) => void;
}

/**
 * An IAM event forwarded from a member account (or from this account): re-check the named users in
 * that account, with its member role or the function's own credentials, then alert as the
 * single-account function does, with that account's alert state (`alert-state#<accountId>`). A
 * re-check that could not run fails after its notice, so the alarm fires.
 */
export async function recheckAndAlert(
  config: SettingsOn<'env'>,
  request: RecheckRequest,
  deps: RecheckDeps,
): Promise<{ readonly report: AccountAuditReport; readonly delivery?: DeliveryResult }> {
  const report = await auditMemberAccount(config, { id: request.accountId, status: 'ACTIVE' }, deps.member, {
    users: request.users,
    deadline: deps.deadline,
  });
  deps.log(report);
  const topicArn = config.topicArn;
  let delivery: DeliveryResult | undefined;
  let undelivered: string | undefined;
  if (!config.dryRun && topicArn) {
    const counter = new ApiCallCounter();
    try {
      delivery = await deliverWithAws({
        report,
        config: { ...config, topicArn },
        // Only this account's alias is read: a member's alert names it by id (the role's credentials stay in the audit).
        iam: request.accountId === deps.member.callerAccountId ? createIamClient(counter) : undefined,
        counter,
        stateKey: accountStateKey(request.accountId),
        functionName: deps.functionName,
        warn: deps.warn,
        deadline: deps.deliveryDeadline,
      });
    } catch (err) {
      if (report.status !== 'failed') throw err;
      undelivered = err instanceof Error ? err.message : String(err);
    }
  }
  if (report.status === 'failed') {
    throw new RecheckFailedError(
      `MFA re-check of account ${request.accountId} failed: ${describeFailedAudit(report, undelivered)}`,
    );
  }
  return { report, delivery };
}
