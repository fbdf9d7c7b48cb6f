/**
 * An organization-wide audit as plain data: which accounts to audit, and one report over the
 * per-account AuditReports. No SDK here: the CLI (a local loop) and the deployed state machine's
 * aggregation step (reports from S3) build the same OrganizationReport with `organizationReport`.
 */
import { failedReport } from './audit';
import type { AuditError, AuditReport, AuditStatus, FailedCall, Strategy } from './types';

/** An account as Organizations lists it. */
export interface MemberAccount {
  readonly id: string;
  /** Absent when the account was named on the command line and the organization could not be listed. */
  readonly name?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE (Organizations' `State`, or its older `Status`). */
  readonly status: string;
}

/** An AuditReport of one account of the organization: its id is always known. */
export type AccountAuditReport = AuditReport & {
  readonly accountId: string;
  /** The account's name in the organization, when it was listed. */
  readonly accountName?: string;
};

export interface OrganizationSummary {
  readonly accounts: number;
  readonly accountsComplete: number;
  readonly accountsIncomplete: number;
  /** Accounts not audited at all: role not assumable, audit failed or timed out, item not run. */
  readonly accountsFailed: number;
  /** Console users without MFA, over every account (the same name in two accounts is two). */
  readonly violations: number;
  /** Accounts whose root user has no MFA. */
  readonly rootViolations: number;
  readonly exempted: number;
  readonly pending: number;
}

/**
 * complete: every account completely audited. incomplete: some account was not (see its report), or
 * there was no account to audit.
 * failed: the organization's accounts could not be listed, so nothing was audited (see `errors`).
 */
export interface OrganizationReport {
  readonly kind: 'organization';
  /** `o-...`; null when it could not be read (accounts named on the command line outside any organization). */
  readonly organizationId: string | null;
  readonly checkedAt: string;
  readonly status: AuditStatus;
  readonly summary: OrganizationSummary;
  /** One report per audited account, by account id. */
  readonly accounts: readonly AccountAuditReport[];
  /** Failures of the organization-level steps (listing accounts); per-account ones are in `accounts`. */
  readonly errors: readonly AuditError[];
  /** Accounts skipped (suspended, closing) and other things the reader should know. */
  readonly notes: readonly string[];
}

export const ACCOUNT_ID_RULE = 'exactly 12 digits';
const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** The role ARN assumed in a member account (the partition of the caller's own ARN). */
export function memberRoleArn(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

export interface AccountSelection {
  /** Accounts to audit, by id, each once. */
  readonly audit: readonly MemberAccount[];
  /** Listed accounts that are not ACTIVE: nobody can sign in to them, so they are not audited. */
  readonly skipped: readonly MemberAccount[];
  readonly notes: readonly string[];
}

/**
 * The accounts an organization audit covers: every ACTIVE listed account, or the `requested` ids.
 * A requested id that is not ACTIVE in the listing is skipped like any other; one missing from the
 * listing (or with no listing at all) is still audited: if its role cannot be assumed, it fails
 * as not audited, never silently passes.
 */
export function selectAccounts(
  listed: readonly MemberAccount[] | null,
  requested?: readonly string[],
  organizationId?: string | null,
): AccountSelection {
  const byId = new Map((listed ?? []).map((a) => [a.id, a]));
  const wanted = requested
    ? [...new Set(requested)].map((id) => byId.get(id) ?? { id, status: 'UNKNOWN' })
    : [...byId.values()];
  const audit = wanted.filter((a) => a.status === 'ACTIVE' || a.status === 'UNKNOWN');
  const skipped = wanted.filter((a) => !audit.includes(a));
  const notes: string[] = skipped.map(
    (a) =>
      `Account ${describeAccount(a)} skipped: it is ${a.status}, not ACTIVE, so nobody can sign in to it.`,
  );
  if (listed !== null && requested) {
    const outside = wanted.filter((a) => a.status === 'UNKNOWN').map((a) => a.id);
    if (outside.length > 0) {
      const org = organizationId ? `organization ${organizationId}` : 'the organization';
      notes.push(`Not listed in ${org}, audited anyway: ${outside.join(', ')}.`);
    }
  }
  return { audit: [...audit].sort(byAccountId), skipped, notes };
}

/**
 * The listed accounts plus the deployment's own (home) account when the target OUs leave it out:
 * the account the auditor runs in is always audited, with its own credentials (a StackSet never
 * deploys to the management account, and the home account needs no member role).
 */
export function withHomeAccount(
  listed: readonly MemberAccount[],
  homeAccountId: string | undefined,
): { readonly accounts: readonly MemberAccount[]; readonly note?: string } {
  if (homeAccountId === undefined || listed.some((a) => a.id === homeAccountId)) return { accounts: listed };
  return {
    accounts: [...listed, { id: homeAccountId, status: 'ACTIVE' }],
    note:
      `This deployment's own account ${homeAccountId} is not under the target OUs; it is audited too, ` +
      "with the auditor's own credentials.",
  };
}

export function describeAccount(account: { readonly id: string; readonly name?: string }): string {
  return account.name ? `${account.name} (${account.id})` : account.id;
}

/** The report of an account that could not be audited at all: nobody judged, the reason named. */
export function notAuditedReport(
  account: MemberAccount,
  failure: FailedCall,
  checkedAt: Date,
  requestedStrategy: Strategy,
): AccountAuditReport {
  return withAccount(
    failedReport({
      accountId: account.id,
      checkedAt,
      requestedStrategy,
      usersScanned: 0,
      failure,
      apiCalls: {},
      apiRetries: {},
    }),
    account,
  );
}

/** An account's report carrying the account's id and name (the audit may not know its own name). */
export function withAccount(report: AuditReport, account: MemberAccount): AccountAuditReport {
  return {
    ...report,
    accountId: account.id,
    ...(account.name === undefined ? {} : { accountName: account.name }),
  };
}

/** One report over the accounts' reports; organization-level `errors` make it `failed`. */
export function organizationReport(input: {
  readonly organizationId: string | null;
  readonly checkedAt: Date;
  readonly accounts: readonly AccountAuditReport[];
  readonly errors?: readonly AuditError[];
  readonly notes?: readonly string[];
}): OrganizationReport {
  const accounts = [...input.accounts].sort(byAccountId);
  const errors = input.errors ?? [];
  const count = (status: AuditStatus) => accounts.filter((a) => a.status === status).length;
  const sum = (pick: (r: AccountAuditReport) => number) => accounts.reduce((n, r) => n + pick(r), 0);
  const summary: OrganizationSummary = {
    accounts: accounts.length,
    accountsComplete: count('complete'),
    accountsIncomplete: count('incomplete'),
    accountsFailed: count('failed'),
    violations: sum((r) => r.summary.violations),
    rootViolations: sum((r) => (r.summary.rootViolation ? 1 : 0)),
    exempted: sum((r) => r.summary.exempted),
    pending: sum((r) => r.summary.pending),
  };
  // No account audited is no finding, not an all clear: incomplete (exit 1), with a note saying why.
  const status: AuditStatus =
    errors.length > 0
      ? 'failed'
      : accounts.length > 0 && summary.accountsComplete === accounts.length
        ? 'complete'
        : 'incomplete';
  return {
    kind: 'organization',
    organizationId: input.organizationId,
    checkedAt: input.checkedAt.toISOString(),
    status,
    summary,
    accounts,
    errors,
    notes: [...(input.notes ?? []), ...securityHubNotes(accounts)],
  };
}

/** How many accounts a note names before "and N more". */
const NOTE_ACCOUNTS = 10;

/**
 * One organization note when findings of some accounts did not reach their Security Hub: the
 * organization alert shows organization notes, not each account's.
 */
function securityHubNotes(accounts: readonly AccountAuditReport[]): string[] {
  const failing = accounts.filter((a) => (a.securityHub?.errors.length ?? 0) > 0);
  if (failing.length === 0) return [];
  const named = failing
    .slice(0, NOTE_ACCOUNTS)
    .map((a) => {
      const first = a.securityHub?.errors[0];
      return `${describeAccount({ id: a.accountId, name: a.accountName })}${first ? ` (${first.operation}: ${first.message})` : ''}`;
    })
    .join('; ');
  const more = failing.length > NOTE_ACCOUNTS ? `; and ${failing.length - NOTE_ACCOUNTS} more` : '';
  return [
    `Security Hub was not fully updated in ${failing.length} account(s): ${named}${more}. ` +
      "Those accounts' Security Hub shows less than this audit found; see each account's securityHub.errors.",
  ];
}

function byAccountId(a: { readonly id?: string; readonly accountId?: string | null }, b: typeof a): number {
  const x = a.accountId ?? a.id ?? '';
  const y = b.accountId ?? b.id ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
