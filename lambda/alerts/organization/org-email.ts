import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import { itemLines } from '../alert-email';
import type { AlertItem } from '../alert-items';
import { changeSummary, counts, freshness, WHY_IT_MATTERS } from '../alert-summary';
import { HOW_TO_FIX_LINES } from '../remediation';
import { plural, utcMinute } from '../text';
import type { OrganizationAlertContext } from './org-context';
import { listingOf } from './org-context';
import type { OrgAlertItem, OrgAlertPart } from './org-items';
import { accountName, entriesByAccount, orgItemsOf } from './org-items';
import { errorLine, notAuditedHint, notAuditedReason } from './org-reasons';
import {
  accountCounts,
  organizationChangeSummary,
  organizationCounts,
  organizationHeadline,
  organizationLabel,
  organizationPartLabel,
} from './org-summary';

/**
 * The plain-text organization alert (SNS `email` and `default` bodies) for one part: what is wrong
 * and where, then accounts not audited, root users without MFA, and each account with its users
 * (the single-account alert's per-user blocks: console link and CLI commands), most users first.
 */
export function renderOrganizationEmail(
  report: OrganizationReport,
  ctx: OrganizationAlertContext,
  part: OrgAlertPart,
): string {
  const s = report.summary;
  const out: string[] = [organizationHeadline(report)];
  const change = organizationChangeSummary(ctx.changes);
  if (change) out.push(change);
  const label = organizationPartLabel(part);
  if (label) out.push(label);
  if (s.violations > 0 || s.rootViolations > 0) out.push('', WHY_IT_MATTERS);
  out.push(
    '',
    `Organization: ${report.organizationId ?? `unknown (${organizationLabel(report)})`}`,
    `Checked:      ${utcMinute(report.checkedAt)}`,
    `Accounts:     ${accountCounts(report)}`,
    `Counts:       ${organizationCounts(report)}`,
  );

  const notAudited = orgItemsOf(part.items, 'not-audited');
  if (notAudited.length > 0) {
    out.push(
      '',
      `ACCOUNTS NOT AUDITED (${s.accountsFailed}; nothing in them was checked, so no user there is known to be compliant)`,
    );
    for (const item of notAudited) out.push(...orgItemLines(item, ctx));
    // One hint per kind of failure, not one per account: 500 accounts without the role is one fix.
    const hints = new Set(notAudited.flatMap((i) => notAuditedHint(i.account) ?? []));
    out.push(...hints);
  }
  const roots = orgItemsOf(part.items, 'root');
  if (roots.length > 0) {
    out.push(
      '',
      `ROOT USERS WITHOUT MFA (${s.rootViolations}; anyone with the root password controls the account)`,
    );
    for (const item of roots) out.push(...orgItemLines(item, ctx));
    if (roots.some((r) => r.change !== 'resolved')) {
      out.push('Fix: sign in as the root user > Security credentials > Assign MFA device.');
    }
  }
  const accounts = entriesByAccount(part.items);
  if (accounts.length > 0) {
    out.push('', 'BY ACCOUNT (most users without MFA first)');
    for (const group of accounts) out.push('', ...accountBlock(group.account, group.first, group.items, ctx));
  }
  const notes = orgItemsOf(part.items, 'org-note');
  if (notes.length > 0) {
    out.push('', 'NOTES');
    for (const item of notes) out.push(...orgItemLines(item, ctx));
  }

  if (s.violations > 0) {
    out.push(
      '',
      'HOW TO FIX',
      ...HOW_TO_FIX_LINES,
      "- Run each user's commands with credentials for that user's account (the ARN names it).",
    );
  }
  out.push(
    '',
    '--',
    'mfa-auditor: IAM users who can sign in to the AWS console without MFA (CIS AWS Foundations 1.10,',
    'Security Hub IAM.5), in every account of the organization. SQS and Lambda subscribers receive the',
    'same findings as OrganizationReport JSON.',
  );
  return out.join('\n') + '\n';
}

/** The lines of one item outside the account blocks (also used to size parts). */
export function orgItemLines(item: OrgAlertItem, ctx: OrganizationAlertContext): string[] {
  switch (item.kind) {
    case 'not-audited': {
      const a = item.account;
      const lines = [`- ${accountName(a)}: ${notAuditedReason(a, ctx.memberRoleName)}`];
      for (const e of a.errors) lines.push(`  What failed: ${errorLine(e)}`);
      if (item.stillOpen) {
        lines.push(
          `  ${plural(item.stillOpen, 'finding')} open at its last audit ${item.stillOpen === 1 ? 'stays' : 'stay'} open (nobody could look).`,
        );
      }
      return lines;
    }
    case 'root':
      return [`- ${accountName(item.account)}: ${ROOT_CHANGE[item.change ?? 'none']}`];
    case 'org-note':
      return [`- ${item.note}`];
    case 'entry':
      return itemLines(item.item, item.account.accountId);
  }
}

const ROOT_CHANGE = {
  none: 'root user has no MFA',
  new: 'root user has no MFA  NEW',
  open: 'root user still has no MFA',
  resolved: 'root user has MFA now (resolved since the last run)',
} as const;

/** Sub-headings of an account's entries, in the order `alertItems` puts them. */
const KIND_TITLES: Readonly<Record<AlertItem['kind'], string | undefined>> = {
  note: 'Notes:',
  violation: undefined,
  error: 'Could not be checked (not counted as compliant; checked again next run):',
  pending: 'In the grace period (violations after the deadline unless MFA is assigned):',
  exempted: 'Exempted by tag (mfa-audit:exempt-until):',
  resolved: 'Resolved since the last run:',
  named: undefined,
};

function accountBlock(
  account: AccountAuditReport,
  first: boolean,
  items: readonly AlertItem[],
  ctx: OrganizationAlertContext,
): string[] {
  const out = [accountHeading(account, first)];
  out.push(`   Data:     ${freshness(account)}`, `   Counts:   ${counts(account)}`);
  const { changes } = listingOf(ctx, account.accountId);
  if (changes) out.push(`   ${changeSummary({ ...changes, digestDue: ctx.changes?.digest ?? false })}`);
  let kind: AlertItem['kind'] | undefined;
  for (const item of items) {
    const title = KIND_TITLES[item.kind];
    if (item.kind !== kind && title) out.push(title);
    kind = item.kind;
    if (item.kind === 'violation') out.push('');
    out.push(...itemLines(item, account.accountId));
  }
  return out;
}

/** `=== prod-main (111111111111): 5 users without MFA, root user without MFA ===`. */
export function accountHeading(account: AccountAuditReport, first: boolean): string {
  const s = account.summary;
  const facts = [
    `${plural(s.violations, 'user')} without MFA`,
    s.rootViolation ? 'root user without MFA' : '',
    s.errors > 0 ? `${plural(s.errors, 'user')} not checked (audit incomplete)` : '',
  ].filter((x) => x !== '');
  return `=== ${accountName(account)}: ${facts.join(', ')}${first ? '' : ' (continued)'} ===`;
}
