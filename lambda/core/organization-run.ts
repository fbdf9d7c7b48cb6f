/**
 * The deployed organization run as plain data: the S3 keys its three steps share, the item each
 * map iteration gets, what each step returns. The contract is /work/notes/org-contract.md's
 * "Deployed organization run"; the state machine (lib/) passes these values between the steps.
 */
import type { AccountAuditReport, MemberAccount, OrganizationSummary } from './organization';
import { isAccountId } from './organization';
import type { AuditError, AuditStatus } from './types';

/**
 * The execution name Step Functions gives the run (`$$.Execution.Name`): 1-80 characters, which
 * the schedule and the console keep to these. Checked because it becomes part of every S3 key.
 */
const RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;

export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && RUN_ID.test(value);
}

/** Where one run keeps its documents in the report bucket. */
export function runKeys(runId: string): {
  readonly items: string;
  readonly listing: string;
  readonly organizationReport: string;
  readonly account: (accountId: string) => string;
} {
  const prefix = `runs/${runId}`;
  return {
    items: `${prefix}/items.json`,
    listing: `${prefix}/listing.json`,
    organizationReport: `${prefix}/organization-report.json`,
    account: (accountId) => `${prefix}/accounts/${accountId}.json`,
  };
}

/** One element of items.json: the input of one map iteration. */
export interface AccountItem {
  readonly accountId: string;
  /** Omitted when Organizations listed no name. */
  readonly accountName?: string;
  readonly runId: string;
}

export function accountItem(account: MemberAccount, runId: string): AccountItem {
  return { accountId: account.id, ...(account.name ? { accountName: account.name } : {}), runId };
}

/** The account an item stands for (its state is unknown to the item: only ACTIVE ones are listed). */
export function itemAccount(item: AccountItem): MemberAccount {
  return { id: item.accountId, status: 'ACTIVE', ...(item.accountName ? { name: item.accountName } : {}) };
}

/** An item as the map passes it, or undefined when the value is not one (e.g. an EventBridge event). */
export function parseAccountItem(value: unknown): AccountItem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.accountId !== 'string' || !isAccountId(v.accountId) || !isRunId(v.runId)) return undefined;
  if (v.accountName !== undefined && typeof v.accountName !== 'string') return undefined;
  return {
    accountId: v.accountId,
    ...(v.accountName ? { accountName: v.accountName } : {}),
    runId: v.runId,
  };
}

/** listing.json: what the listing step found besides the items. */
export interface RunListing {
  readonly organizationId: string | null;
  readonly checkedAt: string;
  readonly notes: readonly string[];
  /** Non-empty when the accounts could not be listed: the run is then `failed`. */
  readonly errors: readonly AuditError[];
}

/** What the listing step returns (the state machine reads `runId`, `bucket` and `itemsKey`). */
export interface ListAccountsResult {
  readonly runId: string;
  readonly bucket: string;
  readonly itemsKey: string;
  readonly listingKey: string;
  /** Items written: accounts the map will audit. */
  readonly accounts: number;
}

/** What one map iteration returns: small, so 5,000 of them fit the map's result files. */
export interface AccountItemResult {
  readonly accountId: string;
  readonly status: AuditStatus;
  readonly violations: number;
  readonly rootViolation: boolean;
  readonly reportKey: string;
}

export function accountItemResult(report: AccountAuditReport, reportKey: string): AccountItemResult {
  return {
    accountId: report.accountId,
    status: report.status,
    violations: report.summary.violations,
    rootViolation: report.summary.rootViolation,
    reportKey,
  };
}

/** What the aggregation step returns; the whole report is in S3 at `reportKey`. */
export interface AggregateResult {
  readonly runId: string;
  readonly reportKey: string;
  readonly status: AuditStatus;
  readonly summary: OrganizationSummary;
}

const REPORT_LISTS = ['violations', 'exempted', 'pending', 'errors', 'notes'] as const;

/** A stored account report, checked enough that counting and rendering it cannot go wrong. */
export function readAccountReport(value: unknown, accountId: string): AccountAuditReport {
  const problem = reportProblem(value as Partial<AccountAuditReport> | null, accountId);
  if (problem) throw new Error(`the stored report of account ${accountId} ${problem}`);
  return value as AccountAuditReport;
}

function reportProblem(r: Partial<AccountAuditReport> | null, accountId: string): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'is not an object';
  if (r.accountId !== accountId) return `is for account ${JSON.stringify(r.accountId)}`;
  if (!['complete', 'incomplete', 'failed'].includes(r.status as string)) {
    return `has status ${JSON.stringify(r.status)}`;
  }
  if (typeof r.summary !== 'object' || r.summary === null || typeof r.summary.violations !== 'number') {
    return 'has no summary';
  }
  const list = REPORT_LISTS.find((name) => !Array.isArray(r[name]));
  return list ? `has no ${list} list` : undefined;
}
