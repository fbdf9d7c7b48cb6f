import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import type { ChatbotCard } from '../chatbot-card';
import { card, CHATBOT_LIMITS, chatSafe } from '../chatbot-card';
import { SELF_SERVICE_MFA_POLICY_URL } from '../remediation';
import { plural, utcMinute } from '../text';
import type { OrganizationAlertContext } from './org-context';
import { listingOf } from './org-context';
import type { OrgAlertPart } from './org-items';
import { entriesByAccount, orgItemsOf } from './org-items';
import { notAuditedReason } from './org-reasons';
import {
  accountCounts,
  allClear,
  organizationChangeSummary,
  organizationHeadline,
  uncheckedUsers,
} from './org-summary';

/** A chat card is read at a glance: this many lines per list, then a pointer to the email. */
export const CARD_MAX_LINES = 10;

/** Room kept for the lines after the lists, so long lists can never push them out. */
const TRAILER_RESERVE = 1200;

/** The AWS Chatbot custom notification (SNS `https` body) for one part of an organization alert. */
export function organizationCard(
  report: OrganizationReport,
  ctx: OrganizationAlertContext,
  part: OrgAlertPart,
): ChatbotCard {
  const s = report.summary;
  const org = report.organizationId ?? 'the named accounts';
  const suffix = part.total > 1 ? ` (part ${part.index}/${part.total})` : '';
  const notAudited = s.accountsFailed > 0 ? `; ${plural(s.accountsFailed, 'account')} NOT audited` : '';
  const title =
    s.violations > 0 || s.rootViolations > 0
      ? `:rotating_light: ${plural(s.violations, 'console user')}` +
        `${s.rootViolations > 0 ? ` + ${s.rootViolations} ROOT` : ''} without MFA in ${org}${notAudited}${suffix}`
      : allClear(report)
        ? `:white_check_mark: All console users in ${plural(s.accounts, 'account')} of ${org} have MFA${suffix}`
        : s.accounts === 0
          ? `:warning: No account of ${org} was audited${suffix}`
          : `:warning: MFA audit of ${org} incomplete: ${notCheckedShort(report)}${suffix}`;

  const lines = [`*${organizationHeadline(report)}*`];
  const change = organizationChangeSummary(ctx.changes);
  if (change) lines.push(change);
  lines.push(`Checked ${utcMinute(report.checkedAt)}. Accounts: ${accountCounts(report)}.`);
  const limit = CHATBOT_LIMITS.description - TRAILER_RESERVE;
  const list = (heading: string, entries: readonly string[], more: string): void => {
    if (entries.length === 0) return;
    lines.push('', heading);
    let shown = 0;
    for (const line of entries) {
      if (shown >= CARD_MAX_LINES || charCount(lines) + line.length + 1 > limit) break;
      lines.push(line);
      shown++;
    }
    if (entries.length > shown) lines.push(`...and ${entries.length - shown} more${more}`);
  };
  const inPart = part.total > 1 ? ' in this part' : '';
  list(
    '*Not audited (nothing checked there, not compliant):*',
    orgItemsOf(part.items, 'not-audited').map(
      (i) => `- ${cardAccount(i.account)}: ${notAuditedReason(i.account, ctx.memberRoleName)}`,
    ),
    `${inPart}: the email names each reason.`,
  );
  list(
    '*Root users:*',
    orgItemsOf(part.items, 'root').map(
      (i) =>
        `- ${cardAccount(i.account)}: ` +
        (i.change === 'resolved' ? 'has MFA now (resolved)' : `no MFA${i.change === 'new' ? ' (new)' : ''}`),
    ),
    `${inPart}: the email lists them all.`,
  );
  list(
    '*Accounts, most users without MFA first:*',
    entriesByAccount(part.items).map(({ account, items }) => {
      const listed = items.filter((i) => i.kind === 'violation').length;
      const fresh = listingOf(ctx, account.accountId).changes?.newViolations.length ?? 0;
      const facts = [
        `${account.summary.violations} without MFA${ctx.changes && fresh > 0 ? ` (${fresh} new)` : ''}`,
        account.summary.errors > 0 ? `${account.summary.errors} not checked` : '',
        part.total > 1 ? `${listed} listed in this part` : '',
      ].filter((x) => x !== '');
      return `- ${cardAccount(account)}: ${facts.join(', ')}`;
    }),
    ` accounts${inPart}: the email lists every user with its console link and CLI commands.`,
  );
  if (part.total > 1) {
    lines.push(
      '',
      `Part ${part.index} of ${part.total}: the parts together list every finding exactly once.`,
    );
  }
  return card(title, lines.join('\n'), nextSteps(report, ctx), ['IAM', 'MFA', report.organizationId ?? '']);
}

function nextSteps(report: OrganizationReport, ctx: OrganizationAlertContext): string[] {
  const steps: string[] = [];
  if (report.summary.accountsFailed > 0) {
    steps.push(
      `Accounts not audited: check that the StackSet deployed ${ctx.memberRoleName ? `role \`${ctx.memberRoleName}\`` : 'the member role'} ` +
        "there, that it trusts the auditor's role, and that no SCP denies sts:AssumeRole.",
    );
  }
  if (report.summary.violations > 0 || report.summary.rootViolations > 0) {
    steps.push(
      'Assign an MFA device in each account: IAM console > user > Security credentials > Assign MFA device ' +
        '(root: sign in as root > Security credentials). Per-user links and CLI commands are in the email.',
    );
  }
  steps.push(
    "Keep AWS's self-service MFA policy on console users so new users enrol at first sign-in " +
      `(\`aws:MultiFactorAuthPresent\`): ${SELF_SERVICE_MFA_POLICY_URL}`,
  );
  return steps.filter((x) => x.length <= CHATBOT_LIMITS.nextStep);
}

/** `1 account not audited, 2 users not checked` (what is nonzero). */
function notCheckedShort(report: OrganizationReport): string {
  const users = uncheckedUsers(report);
  return [
    report.summary.accountsFailed > 0
      ? `${plural(report.summary.accountsFailed, 'account')} not audited`
      : '',
    users > 0 ? `${plural(users, 'user')} not checked` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

/** `prod-main \`111111111111\``, or the id alone. */
function cardAccount(account: AccountAuditReport): string {
  const id = `\`${account.accountId}\``;
  return account.accountName ? `${chatSafe(account.accountName)} ${id}` : id;
}

function charCount(lines: readonly string[]): number {
  return lines.reduce((sum, l) => sum + l.length + 1, 0);
}
