import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import type { AlertItem } from '../alert-items';
import { alertItems } from '../alert-items';
import type { MachineReport } from '../machine-report';
import { machineItemJson, machineReport } from '../machine-report';
import { jsonStringBytes } from '../message-size';
import type { OrganizationAlertContext } from './org-context';
import { listingOf } from './org-context';
import type { OrgAlertItem, OrgAlertPart } from './org-items';

/** An account's MachineReport (see machine-report.ts), with its id, name and how much of it is listed. */
export type AccountMachineReport = MachineReport & {
  readonly accountId: string;
  readonly accountName?: string;
  /** full: every entry of the account; changes: only what changed (`notify: changes` between digests). */
  readonly listing: 'full' | 'changes';
};

/**
 * The SNS `sqs` and `lambda` bodies of an organization alert: the OrganizationReport JSON with
 * `part: { index, total }`. `summary` is the whole organization's in every part. `accounts` holds
 * the accounts this part has entries for, each an AccountMachineReport carrying only this part's
 * entries (an account split over parts appears in each, its `summary` whole); `notes` holds this
 * part's organization notes. Concatenating each list over parts 1..n gives every entry exactly
 * once. An account with nothing listed (audited completely and clear, or unchanged in `changes`
 * mode) appears in no part: `summary` counts it.
 */
export interface OrganizationMachineReport extends Omit<OrganizationReport, 'accounts' | 'notes'> {
  readonly accounts: readonly AccountMachineReport[];
  readonly notes: readonly string[];
  readonly part: { readonly index: number; readonly total: number };
  /** `notify: changes` mode: whether this alert is the periodic digest (every account listed in full). */
  readonly digest?: boolean;
}

export function organizationMachineReport(
  report: OrganizationReport,
  ctx: OrganizationAlertContext,
  part: OrgAlertPart,
): OrganizationMachineReport {
  const byAccount = new Map<AccountAuditReport, AlertItem[]>();
  for (const item of part.items) {
    if (item.kind === 'org-note') continue;
    const entries = byAccount.get(item.account) ?? [];
    byAccount.set(item.account, entries);
    // A failed account's report goes whole with its not-audited entry: its errors are the reason.
    if (item.kind === 'not-audited') entries.push(...alertItems(item.account));
    if (item.kind === 'entry') entries.push(item.item);
  }
  const accounts = [...byAccount].map(([account, items]): AccountMachineReport => {
    const { changes, listing } = listingOf(ctx, account.accountId);
    return {
      // The account's own `digestDue` means nothing here: the digest is the organization's (org-changes.ts).
      ...machineReport(
        account,
        { index: part.index, total: part.total, items },
        changes && { ...changes, digestDue: ctx.changes?.digest ?? false },
      ),
      accountId: account.accountId,
      ...(account.accountName === undefined ? {} : { accountName: account.accountName }),
      listing: account.status === 'failed' ? 'full' : listing,
    };
  });
  return {
    ...report,
    accounts,
    notes: part.items.flatMap((i) => (i.kind === 'org-note' ? [i.note] : [])),
    part: { index: part.index, total: part.total },
    ...(ctx.changes ? { digest: ctx.changes.digest } : {}),
  };
}

/** The JSON bytes one item adds to a machine body, as a JSON string value (used to size parts). */
export function orgItemJsonBytes(item: OrgAlertItem): number {
  switch (item.kind) {
    case 'not-audited':
      return jsonStringBytes(JSON.stringify(item.account));
    case 'root':
      // Its account's report (lists empty unless entries follow) carries the root verdict.
      return accountJsonBytes(item.account);
    case 'entry':
      return jsonStringBytes(`${machineItemJson(item.item)},`);
    case 'org-note':
      return jsonStringBytes(`${JSON.stringify(item.note)},`);
  }
}

/** What an account adds to a part's machine body before any entry: its report with empty lists. */
export function accountJsonBytes(account: AccountAuditReport): number {
  const empty = { ...account, violations: [], errors: [], pending: [], exempted: [], notes: [] };
  return jsonStringBytes(JSON.stringify(empty)) + 200;
}
