import { ApiCallCounter } from '../aws/api-call-counter';
import { callerIdentity, createStsClient } from '../aws/member-credentials';
import {
  createOrganizationsClient,
  describeOrganizationId,
  listOrganizationAccounts,
} from '../aws/organizations';
import { describeFailure } from '../core/errors';
import type { AccountAuditReport, MemberAccount, OrganizationReport } from '../core/organization';
import { organizationReport, selectAccounts } from '../core/organization';
import { mapWithConcurrency } from '../core/util/map-with-concurrency';
import type { AuditSettings } from '../settings/table';
import { auditMemberAccount } from './audit-member-account';
import type { SecurityHubOptions } from './security-hub-account';

export interface OrganizationAuditOptions {
  /** `all`: every ACTIVE account of the caller's organization; else these account ids. */
  readonly accounts: 'all' | readonly string[];
  readonly roleName: string;
  readonly accountConcurrency: number;
  /** After each account's audit, with the count done and the total. */
  readonly onAccountDone?: (done: number, total: number, report: AccountAuditReport) => void;
  /** Sync each account's findings into its own Security Hub. */
  readonly securityHub?: SecurityHubOptions;
}

/**
 * The CLI's organization audit, in one process: list the accounts, audit each (the caller's own
 * with its credentials, the others through the member role), `accountConcurrency` at a time, and
 * build one report. The deployed stack does the same on Step Functions (lambda/handler/org-*.ts).
 * Fails closed: an organization that cannot be listed under `--org` is a `failed` report; an
 * account that cannot be audited is a `failed` account.
 */
export async function auditOrganization(
  settings: AuditSettings,
  options: OrganizationAuditOptions,
): Promise<OrganizationReport> {
  const checkedAt = new Date();
  const counter = new ApiCallCounter();
  const sts = createStsClient(counter);
  let caller: { accountId: string; partition: string };
  try {
    caller = await callerIdentity(sts);
  } catch (err) {
    return organizationReport({
      organizationId: null,
      checkedAt,
      accounts: [],
      errors: [{ userName: null, ...describeFailure(err) }],
    });
  }

  const organizations = createOrganizationsClient(counter);
  let organizationId: string | null = null;
  let listed: MemberAccount[] | null = null;
  const notes: string[] = [];
  try {
    organizationId = await describeOrganizationId(organizations);
    listed = await listOrganizationAccounts(organizations);
  } catch (err) {
    const failure = describeFailure(err);
    if (options.accounts === 'all') {
      return organizationReport({
        organizationId,
        checkedAt,
        accounts: [],
        errors: [{ userName: null, ...failure }],
      });
    }
    // Named accounts can be audited without the listing; only their names and states are unknown.
    notes.push(
      `The organization's accounts could not be listed (${failure.operation}: ${failure.message}); ` +
        'the named accounts were audited without their names and states.',
    );
  }

  const selection = selectAccounts(
    listed,
    options.accounts === 'all' ? undefined : options.accounts,
    organizationId,
  );
  const context = {
    callerAccountId: caller.accountId,
    partition: caller.partition,
    roleName: options.roleName,
    sts,
  };
  let done = 0;
  const reports = await mapWithConcurrency(selection.audit, options.accountConcurrency, async (account) => {
    const report = await auditMemberAccount(settings, account, context, { securityHub: options.securityHub });
    options.onAccountDone?.(++done, selection.audit.length, report);
    return report;
  });
  return organizationReport({
    organizationId,
    checkedAt,
    accounts: reports,
    notes: [...notes, ...selection.notes],
  });
}
