import type { OutgoingMessage } from '../core/ports';
import type { AuditReport } from '../core/types';
import type { AlertContext } from './alert-context';
import { alertItems } from './alert-items';
import { card, chatSafe, keywords } from './chatbot-card';
import { packParts } from './alert-parts';
import { machineItemJson, machineReport } from './machine-report';
import {
  alertMessage,
  DEFAULT_MESSAGE_BUDGET_BYTES,
  jsonStringBytes,
  SNS_MAX_MESSAGE_BYTES,
} from './message-size';
import { cliOption, shellQuote } from './shell-quote';
import { alertSubject } from './subject';
import { accountLabel, capText, oneLine, plural, utcMinute } from './text';
import { AUDIT_FUNCTION_TIMEOUT_SECONDS } from '../core/function-timeout';

/**
 * The notice for an audit that could not run (`status: 'failed'`): what failed, the permission to
 * grant when access was denied, that nobody has been judged compliant, and how to run it again.
 * One message (a failed report carries one error), with the same bodies as an alert; a failed
 * re-check of more named users than one message holds gets parts, each naming its share.
 */
export function buildFailureMessages(report: AuditReport, ctx: AlertContext = {}): OutgoingMessage[] {
  const text = failureText(report, ctx);
  const error = report.errors[0];
  const permission = error?.permission;
  const account = accountLabel(report.accountId, ctx.accountAlias);
  const named = requestedNames(report);
  const description = [
    named
      ? `*The MFA re-check of ${named} in account \`${report.accountId ?? 'unknown'}\` could not be completed* (${utcMinute(report.checkedAt)}).`
      : `*The MFA audit of account \`${report.accountId ?? 'unknown'}\` could not be completed* (${utcMinute(report.checkedAt)}).`,
    named
      ? 'None of them has been judged, so none is known to be compliant; findings already open stay open.'
      : 'No user has been judged, so none is known to be compliant.',
    '',
    error
      ? `*What failed:* \`${error.operation}\`: \`${chatSafe(capText(error.message, 1500))}\``
      : '*What failed:* unknown',
  ];
  if (permission) description.push(`*Missing permission:* \`${permission}\``);
  const steps = [
    permission
      ? `Grant \`${permission}\` to the auditor's role; also check SCPs and permission boundaries that may deny it.`
      : 'Read the error above: a throttling or service error usually clears on the next run.',
    `Re-run: \`${rerunCommands(ctx, rerunUsers(report))[0] ?? 'npm run audit'}\``,
  ].filter((s) => s.length <= 350);
  const chatCard = card(
    named ? `:x: MFA re-check of ${named} FAILED in ${account}` : `:x: MFA audit FAILED in ${account}`,
    description.join('\n'),
    steps,
    keywords(report, ctx),
  );
  // The failed report whole: its errors and notes say what happened. Only the named users of a
  // failed re-check can outgrow one message; they are split into parts like an alert's lists.
  const budgetBytes = Math.min(ctx.budgetBytes ?? DEFAULT_MESSAGE_BUDGET_BYTES, SNS_MAX_MESSAGE_BYTES);
  return packParts(
    alertItems(report),
    (items, index, total): OutgoingMessage => {
      const machine = JSON.stringify(machineReport(report, { index, total, items }));
      return alertMessage(alertSubject(report, { accountAlias: ctx.accountAlias, part: { index, total } }), {
        text,
        card: chatCard,
        machine,
      });
    },
    { budgetBytes, itemBytes: (item) => 2 * jsonStringBytes(`${machineItemJson(item)},`) },
  );
}

function failureText(report: AuditReport, ctx: AlertContext): string {
  const account = accountLabel(report.accountId, ctx.accountAlias);
  const error = report.errors[0];
  const permission = error?.permission;
  const named = requestedNames(report);
  const out = named
    ? [
        `The MFA re-check of ${named} in AWS account ${account} FAILED at ${utcMinute(report.checkedAt)}.`,
        'None of them has been judged, so none is known to be compliant. Findings already open stay',
        'open; nothing else in the account was checked.',
        '',
      ]
    : [
        `The MFA audit of AWS account ${account} FAILED at ${utcMinute(report.checkedAt)}.`,
        'No user has been judged, so none is known to be compliant: until a run succeeds, treat every',
        'console user as unverified.',
        '',
      ];
  out.push(
    `What failed:  ${error ? `${error.operation}: ${oneLine(capText(error.message))}` : 'unknown (no error was recorded)'}`,
  );
  if (permission) {
    out.push(
      `Permission:   access was denied; the auditor's role needs ${permission}.`,
      '              Grant it, and check that no SCP or permission boundary denies it.',
    );
  }
  for (const e of report.errors.slice(1)) {
    out.push(`Also failed:  ${e.operation}: ${oneLine(capText(e.message))}`);
  }
  out.push(
    '',
    'Run it again once the cause is fixed:',
    ...rerunCommands(ctx, rerunUsers(report)).map((c) => `  ${c}`),
  );
  out.push(
    '',
    '--',
    'mfa-auditor: IAM users who can sign in to the AWS console without MFA (CIS AWS Foundations 1.10,',
    'Security Hub IAM.5). SQS and Lambda subscribers receive this failed AuditReport as JSON.',
  );
  return out.join('\n') + '\n';
}

/**
 * Commands that run the audit again. `aws lambda invoke` needs the raw payload flag (CLI v2 reads
 * payloads as base64) and a read timeout as long as the function's (a large audit takes minutes).
 */
export function rerunCommands(ctx: AlertContext, users?: readonly string[]): string[] {
  const commands: string[] = [];
  const payload = shellQuote(JSON.stringify(users ? { users } : {}));
  if (ctx.functionName) {
    commands.push(
      [
        'aws lambda invoke',
        `--function-name ${shellQuote(ctx.functionName)}`,
        ctx.region ? `--region ${shellQuote(ctx.region)}` : '',
        `--cli-binary-format raw-in-base64-out --cli-read-timeout ${AUDIT_FUNCTION_TIMEOUT_SECONDS} --payload ${payload} response.json`,
      ]
        .filter((x) => x !== '')
        .join(' '),
    );
  }
  const cli = users
    ? `npm run audit -- ${users.map((u) => cliOption('--user', u)).join(' ')}`
    : 'npm run audit';
  commands.push(
    ctx.functionName
      ? `or, from a checkout with credentials for the account: ${cli}`
      : `from a checkout with credentials for the account: ${cli}`,
  );
  return commands;
}

/** A re-run command names at most this many users; a longer re-check is re-run as a full audit. */
const MAX_RERUN_USERS = 10;

/** The users a failed re-check was for; undefined for a whole-account audit. */
function scopeUsers(report: AuditReport): readonly string[] | undefined {
  return report.scope.kind === 'users' ? report.scope.userNames : undefined;
}

function rerunUsers(report: AuditReport): readonly string[] | undefined {
  const users = scopeUsers(report);
  return users && users.length <= MAX_RERUN_USERS ? users : undefined;
}

/** `alice`, `alice, bob`, `4 named users`; undefined for a whole-account audit. */
function requestedNames(report: AuditReport): string | undefined {
  const users = scopeUsers(report);
  if (!users) return undefined;
  return users.length <= 3 ? users.join(', ') : plural(users.length, 'named user');
}
