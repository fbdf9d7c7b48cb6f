import type { ApiCallCounter } from '../aws/api-call-counter';
import type { AccountAuditReport } from '../core/organization';
import type { AccountItem, AccountItemResult } from '../core/organization-run';
import { accountItemResult, itemAccount, runKeys } from '../core/organization-run';
import type { JsonObjectStore } from '../core/ports';
import type { AuditSettings } from '../settings/table';
import type { MemberAuditContext } from './audit-member-account';
import { auditMemberAccount } from './audit-member-account';
import type { SecurityHubOptions } from './security-hub-account';

export interface AuditRunItemDeps {
  readonly member: MemberAuditContext;
  /** The report bucket. */
  readonly store: JsonObjectStore;
  /** The audit's hard deadline: a slow account ends `incomplete` by then, not as a timed-out item. */
  readonly deadline?: Date;
  /** Counts the audit's IAM calls, for its throttles. */
  readonly counter?: ApiCallCounter;
  /** Logs the report before it is stored: evidence even when the bucket cannot take it. */
  readonly log?: (report: AccountAuditReport) => void;
  /** Sync the account's findings into its own Security Hub (with its member role). */
  readonly securityHub?: SecurityHubOptions;
}

/**
 * One iteration of the organization run's map: audit the item's account (through its member role,
 * or with the function's own credentials in its own account) and store its report. The audit never
 * throws (an account that cannot be audited is a `failed` report); a report that cannot be stored
 * is thrown, so the map records the item as failed with that error.
 */
export async function auditRunItem(
  settings: AuditSettings,
  item: AccountItem,
  deps: AuditRunItemDeps,
): Promise<{ readonly report: AccountAuditReport; readonly result: AccountItemResult }> {
  const report = await auditMemberAccount(settings, itemAccount(item), deps.member, {
    deadline: deps.deadline,
    securityHub: deps.securityHub,
    counter: deps.counter,
  });
  deps.log?.(report);
  const reportKey = runKeys(item.runId).account(item.accountId);
  await deps.store.put(reportKey, report);
  return { report, result: accountItemResult(report, reportKey) };
}
