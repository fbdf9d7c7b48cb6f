import type { ResolvedFinding } from '../core/changes';
import { exemptionNotAppliedText } from '../core/reason';
import type { AuditReport, Violation } from '../core/types';
import type { AlertContext } from './alert-context';
import type { AlertItem, AlertPart } from './alert-items';
import { itemsOf } from './alert-items';
import {
  changeSummary,
  counts,
  freshness,
  headline,
  partLabel,
  rootWarning,
  scopeSummary,
  WHY_IT_MATTERS,
} from './alert-summary';
import { userSecurityCredentialsUrl } from './iam-links';
import { fixCommands, HOW_TO_FIX_LINES } from './remediation';
import { accountLabel, isoDay, oneLine, utcMinute } from './text';

/**
 * The plain-text alert (SNS `email` and `default` bodies) for one part: what is wrong and why, how
 * fresh the data is, then one block per user with what to run, then everything else the reader
 * must not mistake for compliant.
 */
export function renderAlertEmail(report: AuditReport, ctx: AlertContext, part: AlertPart): string {
  const out: string[] = [headline(report, ctx.accountAlias, ctx.changes)];
  const change = scopeSummary(report, ctx.changes) ?? changeSummary(ctx.changes);
  if (change) out.push(change);
  const label = partLabel(report, part);
  if (label) out.push(label);
  const root = rootWarning(report);
  if (root) out.push('', root);
  if (report.summary.violations > 0) out.push('', WHY_IT_MATTERS);
  out.push(
    '',
    `Account:  ${accountLabel(report.accountId, ctx.accountAlias)}`,
    `Checked:  ${utcMinute(report.checkedAt)} (strategy: ${report.strategy})`,
    `Data:     ${freshness(report)}`,
    `Counts:   ${counts(report)}`,
  );

  const violations = itemsOf(part.items, 'violation');
  if (violations.length > 0) {
    out.push('', `USERS WITHOUT MFA (${report.summary.violations}, most urgent first)`);
    for (const item of violations) out.push('', ...violationBlock(item, report.accountId));
  }
  section(
    out,
    `COULD NOT BE CHECKED (${report.summary.errors}; not counted as compliant)`,
    part.items,
    'error',
    [
      'These users are checked again at the next run. An AccessDenied error names the permission',
      "the auditor's role needs.",
    ],
  );
  section(
    out,
    `IN THE GRACE PERIOD (${report.summary.pending}; violations after the deadline unless MFA is assigned)`,
    part.items,
    'pending',
  );
  section(
    out,
    `EXEMPTED BY TAG (${report.summary.exempted}; mfa-audit:exempt-until)`,
    part.items,
    'exempted',
  );
  section(out, `RESOLVED SINCE THE LAST RUN (${ctx.changes?.resolved.length ?? 0})`, part.items, 'resolved');
  section(out, 'NOTES', part.items, 'note');

  if (report.summary.violations > 0) out.push('', 'HOW TO FIX', ...HOW_TO_FIX_LINES);
  out.push(
    '',
    '--',
    'mfa-auditor: IAM users who can sign in to the AWS console without MFA (CIS AWS Foundations 1.10,',
    'Security Hub IAM.5). SQS and Lambda subscribers receive the same findings as AuditReport JSON.',
  );
  return out.join('\n') + '\n';
}

/** The lines of one item, as they appear in the email (also used to size parts). */
export function itemLines(item: AlertItem, accountId: string | null): string[] {
  switch (item.kind) {
    case 'violation':
      return violationBlock(item, accountId);
    case 'error': {
      const e = item.error;
      return [`- ${e.userName ?? '(whole audit)'}: ${e.operation}: ${oneLine(e.message)}`];
    }
    case 'pending':
      return [
        `- ${item.pending.userName}: console password created ${utcMinute(item.pending.passwordCreated)}, ` +
          `deadline ${utcMinute(item.pending.deadline)}`,
      ];
    case 'exempted':
      return [
        `- ${item.exempted.userName}: until ${item.exempted.until}, reason: ${oneLine(item.exempted.reason)}`,
      ];
    case 'resolved':
      return [
        `- ${item.resolved.userName}: ${resolution(item.resolved, item.how)}; open since ${isoDay(item.resolved.firstSeen)}`,
      ];
    case 'note':
      return [`- ${oneLine(item.note)}`];
    case 'named':
      // The headline says what the re-check found about them; the machine body lists them.
      return [];
  }
}

function violationBlock(item: Extract<AlertItem, { kind: 'violation' }>, accountId: string | null): string[] {
  const v = item.violation;
  const cmd = fixCommands(v, accountId);
  const lines = [
    `${item.ordinal}. ${v.userName}  [${v.severity}]${item.isNew ? '  NEW' : ''}`,
    `   ARN:                ${v.arn}`,
    `   Path:               ${v.path ?? '/'}`,
    `   Password last used: ${isoDay(v.passwordLastUsed)}`,
    `   Created:            ${isoDay(v.createDate)}`,
  ];
  if (item.firstSeen && !item.isNew) lines.push(`   Open since:         ${isoDay(item.firstSeen)}`);
  lines.push(...violationNotes(v).map((x) => `   Note:               ${x}`));
  lines.push(
    `   Fix in the console: ${userSecurityCredentialsUrl(v.userName, v.arn)}`,
    `   Fix with the CLI:   ${cmd.createDevice}`,
    `                       ${cmd.enableDevice}`,
    `   No console needed:  ${cmd.removePassword}`,
  );
  return lines;
}

/**
 * What the other lines of a violation do not already say: a password reset IAM will demand, and
 * why the user's exemption tag did not exempt them.
 */
function violationNotes(v: Violation): string[] {
  const notes: string[] = [];
  if (v.passwordResetRequired) notes.push('password reset required at next sign-in');
  if (v.exemption) notes.push(`exemption tag rejected: ${oneLine(exemptionNotAppliedText(v.exemption))}`);
  return notes;
}

function resolution(r: ResolvedFinding, how: Extract<AlertItem, { kind: 'resolved' }>['how']): string {
  switch (r.outcome) {
    case 'compliant':
      return `no longer a violation: ${how ? HOW[how] : 'MFA assigned, console password removed, or user deleted'}`;
    case 'exempted':
      return 'now exempted by tag';
    case 'pending':
      return 'new console password, in the grace period';
  }
}

const HOW = {
  mfa: 'MFA assigned',
  'no-password': 'console password removed',
  deleted: 'user deleted',
} as const;

function section(
  out: string[],
  title: string,
  items: readonly AlertItem[],
  kind: 'error' | 'pending' | 'exempted' | 'resolved' | 'note',
  footer: readonly string[] = [],
): void {
  const mine = itemsOf(items, kind);
  if (mine.length === 0) return;
  out.push('', title);
  for (const item of mine) out.push(...itemLines(item, null));
  if (footer.length > 0) out.push(...footer);
}
