import type { Changes } from '../core/changes';
import type { AuditReport } from '../core/types';
import type { AlertContext } from './alert-context';
import type { AlertPart } from './alert-items';
import { itemsOf } from './alert-items';
import { changeSummary, headline, scopeSummary } from './alert-summary';
import { namedUsers, namedUsersPhrase, openAfter, stillOpenPhrase, usersScope } from './named-users';
import { userSecurityCredentialsUrl, usersListUrl } from './iam-links';
import { SELF_SERVICE_MFA_POLICY_URL } from './remediation';
import { accountLabel, formatAge, isoDay, oneLine, plural, utcMinute } from './text';

/**
 * An AWS Chatbot (Amazon Q Developer in chat applications) custom notification: the only shape it
 * renders in Slack; anything else published to its topic is dropped without a word.
 */
export interface ChatbotCard {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps: readonly string[];
    readonly keywords: readonly string[];
  };
}

/** Chatbot's documented limits, in characters. */
export const CHATBOT_LIMITS = { title: 250, description: 8000, nextStep: 350, keyword: 75 } as const;

/** A chat card is read at a glance: the most urgent few, then a pointer to the full list. */
export const CARD_MAX_USERS = 10;

/** Room kept for the lines after the user list, so adding users can never push them out. */
const TRAILER_RESERVE = 1200;

export function alertCard(report: AuditReport, ctx: AlertContext, part: AlertPart): ChatbotCard {
  const n = report.summary.violations;
  const account = accountLabel(report.accountId, ctx.accountAlias);
  const suffix = part.total > 1 ? ` (part ${part.index}/${part.total})` : '';
  // The root user is never counted among IAM users, but must never hide behind a green check.
  const rootOpen = report.summary.rootViolation;
  const icon =
    n > 0 || rootOpen
      ? ':rotating_light:'
      : report.status === 'complete'
        ? ':white_check_mark:'
        : ':warning:';
  const title = usersScope(report)
    ? `${icon} ${namedUsersTitle(report, account, ctx.changes)}${suffix}`
    : n > 0
      ? `${icon} ${plural(n, 'console user')}${rootOpen ? ' + ROOT' : ''} without MFA in ${account}${suffix}`
      : rootOpen
        ? `${icon} ROOT USER without MFA in ${account}${suffix}`
        : report.status === 'complete'
          ? `${icon} All console users in ${account} have MFA${suffix}`
          : `${icon} MFA audit incomplete in ${account}: ${plural(report.summary.errors, 'user')} not checked${suffix}`;

  const head = [`*${headline(report, ctx.accountAlias, ctx.changes)}*`];
  const change = scopeSummary(report, ctx.changes) ?? changeSummary(ctx.changes);
  if (change) head.push(change);
  if (n > 0) head.push('A phished or reused password is enough to take over these users.');
  head.push(`Checked ${utcMinute(report.checkedAt)}; ${shortFreshness(report)}.`);
  if (report.root?.violation) {
    head.push(
      n > 0
        ? '*The root user has no MFA either.*'
        : '*The root user has no MFA: anyone with its password controls the whole account.*',
    );
  }

  const violations = itemsOf(part.items, 'violation');
  const lines: string[] = [...head];
  if (violations.length > 0) {
    const first = violations[0]?.ordinal ?? 1;
    const last = violations[violations.length - 1]?.ordinal ?? first;
    lines.push(
      '',
      part.total > 1 ? `*Users ${first}-${last} of ${n}, most urgent first:*` : '*Most urgent first:*',
    );
    let shown = 0;
    for (const item of violations) {
      const v = item.violation;
      const line =
        `- \`${v.userName}\` (${v.severity}${item.isNew ? ', new' : ''}): ` +
        `${v.passwordLastUsed ? `password last used ${isoDay(v.passwordLastUsed)}` : 'password never used'}, ` +
        `path \`${v.path ?? '/'}\``;
      if (
        shown >= CARD_MAX_USERS ||
        charCount(lines) + line.length + 1 > CHATBOT_LIMITS.description - TRAILER_RESERVE
      )
        break;
      lines.push(line);
      shown++;
    }
    const more = violations.length - shown;
    if (more > 0) {
      lines.push(
        `...and ${more} more${part.total > 1 ? ' in this part' : ''}: the email lists every user with its console link and CLI commands.`,
      );
    }
  }
  const others = [
    report.summary.errors > 0
      ? `*${plural(report.summary.errors, 'user')} could not be checked* (not counted as compliant)`
      : '',
    report.summary.pending > 0 ? `${report.summary.pending} in the grace period` : '',
    report.summary.exempted > 0 ? `${report.summary.exempted} exempted by tag` : '',
    (ctx.changes?.resolved.length ?? 0) > 0
      ? `${ctx.changes?.resolved.length} resolved since the last run`
      : '',
  ].filter((x) => x !== '');
  if (others.length > 0) lines.push('', `${others.join('; ')}: details in the email.`);
  if (part.total > 1) {
    lines.push(`Part ${part.index} of ${part.total}: the parts together list every finding exactly once.`);
  }

  const top = violations[0]?.violation;
  return card(title, lines.join('\n'), alertNextSteps(report, top), keywords(report, ctx));
}

/** `alice now has MFA (resolved) in 123456789012 (prod); 2 still open: 1 user + root`. */
function namedUsersTitle(report: AuditReport, account: string, changes: Changes | undefined): string {
  const scope = usersScope(report);
  if (!scope) return '';
  const open = openAfter(changes);
  const tail = open ? `; ${stillOpenPhrase(open)}` : '';
  return `${namedUsersPhrase(namedUsers(report, scope, changes))} in ${account}${tail}`;
}

function alertNextSteps(report: AuditReport, top: { userName: string; arn: string } | undefined): string[] {
  const steps: string[] = [];
  if (report.summary.violations > 0) {
    const intro = 'Assign an MFA device in the IAM console: user > Security credentials > Assign MFA device.';
    const link = top ? `${intro} First user: ${userSecurityCredentialsUrl(top.userName, top.arn)}` : '';
    steps.push(
      link !== '' && link.length <= CHATBOT_LIMITS.nextStep
        ? link
        : `${intro} Users: ${usersListUrl(top?.arn)}`,
      'Or with the AWS CLI: `aws iam create-virtual-mfa-device`, then `aws iam enable-mfa-device` with two codes. ' +
        'No console needed? `aws iam delete-login-profile`. Per-user commands are in the email.',
      "Stop it recurring: attach AWS's self-service MFA policy. Until a user signs in with MFA " +
        `(\`aws:MultiFactorAuthPresent\`) it denies everything but enrolling their own device: ${SELF_SERVICE_MFA_POLICY_URL}`,
    );
  } else {
    steps.push(
      "Keep AWS's self-service MFA policy on console users so new users enrol at first sign-in " +
        `(\`aws:MultiFactorAuthPresent\`): ${SELF_SERVICE_MFA_POLICY_URL}`,
    );
  }
  if (report.summary.errors > 0) {
    steps.push(
      'Users that could not be checked are re-checked next run; an AccessDenied error names the permission the auditor needs.',
    );
  }
  return steps;
}

function shortFreshness(report: AuditReport): string {
  if (report.reportGeneratedAt === null) return 'checked live (no credential report)';
  const age = report.reportAgeSeconds === null ? '' : ` ${formatAge(report.reportAgeSeconds)} old`;
  return `credential report${age}, every finding confirmed live`;
}

export function keywords(report: AuditReport, ctx: AlertContext): string[] {
  return ['IAM', 'MFA', report.accountId ?? '', ctx.accountAlias ?? ''].filter(
    (k) => k !== '' && k.length <= CHATBOT_LIMITS.keyword,
  );
}

/** Builds a card, clipping each field to Chatbot's limits (the content is written to fit). */
export function card(
  title: string,
  description: string,
  nextSteps: readonly string[],
  keywordList: readonly string[],
): ChatbotCard {
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: clip(title, CHATBOT_LIMITS.title),
      description: clip(description, CHATBOT_LIMITS.description),
      nextSteps: nextSteps.map((s) => clip(s, CHATBOT_LIMITS.nextStep)),
      keywords: keywordList.map((k) => clip(k, CHATBOT_LIMITS.keyword)),
    },
  };
}

/**
 * Free text (AWS error messages) inside a chat code span: backticks would end the span, and Slack
 * reads `<...>` as links or mentions.
 */
export function chatSafe(text: string): string {
  return oneLine(text).replace(/`/g, "'").replace(/</g, '(').replace(/>/g, ')');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

function charCount(lines: readonly string[]): number {
  return lines.reduce((sum, l) => sum + l.length + 1, 0);
}
