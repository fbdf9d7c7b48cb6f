import type { OrganizationReport } from '../../core/organization';
import type { OutgoingMessage } from '../../core/ports';
import { packParts } from '../alert-parts';
import { card, chatSafe } from '../chatbot-card';
import { alertMessage, DEFAULT_MESSAGE_BUDGET_BYTES, SNS_MAX_MESSAGE_BYTES } from '../message-size';
import { shellQuote } from '../shell-quote';
import { capText, oneLine, plural, utcMinute } from '../text';
import type { OrganizationAlertContext } from './org-context';
import { organizationItems } from './org-items';
import { organizationMachineReport, orgItemJsonBytes } from './org-machine';
import { organizationSubject } from './org-subject';
import { organizationLabel } from './org-summary';

/**
 * The notice for an organization run that failed (`status: 'failed'`: its accounts could not be
 * listed): nothing was audited, so no account and no user is known to be compliant; what failed,
 * the permission to grant, and how to run it again. The machine body is the report itself.
 */
export function buildOrganizationFailureMessages(
  report: OrganizationReport,
  ctx: OrganizationAlertContext = {},
): OutgoingMessage[] {
  const text = failureText(report, ctx);
  const error = report.errors[0];
  const org = organizationLabel(report);
  const description = [
    `*The MFA audit of ${org} could not be completed* (${utcMinute(report.checkedAt)}): its accounts could not be listed.`,
    '*Nothing was audited*: no account and no user is known to be compliant.',
    '',
    error
      ? `*What failed:* \`${error.operation}\`: \`${chatSafe(capText(error.message, 1500))}\``
      : '*What failed:* unknown',
  ];
  if (error?.permission) description.push(`*Missing permission:* \`${error.permission}\``);
  const chatCard = card(
    `:x: MFA audit FAILED for ${org}: nothing audited`,
    description.join('\n'),
    [
      error?.permission
        ? `Grant \`${error.permission}\` to the auditor's role (in the management or delegated administrator account); also check SCPs.`
        : 'Read the error above: a throttling or service error usually clears on the next run.',
      `Re-run: \`${rerunCommands(ctx)[0] ?? 'npm run audit -- --org'}\``,
    ].filter((s) => s.length <= 350),
    ['IAM', 'MFA', report.organizationId ?? ''],
  );
  const budgetBytes = Math.min(ctx.budgetBytes ?? DEFAULT_MESSAGE_BUDGET_BYTES, SNS_MAX_MESSAGE_BYTES);
  return packParts(
    organizationItems(report, {}),
    (items, index, total): OutgoingMessage => {
      const machine = JSON.stringify(organizationMachineReport(report, {}, { index, total, items }));
      return alertMessage(organizationSubject(report, { part: { index, total } }), {
        text,
        card: chatCard,
        machine,
      });
    },
    { budgetBytes, itemBytes: (item) => 2 * orgItemJsonBytes(item) },
  );
}

function failureText(report: OrganizationReport, ctx: OrganizationAlertContext): string {
  const error = report.errors[0];
  const out = [
    `The MFA audit of ${organizationLabel(report)} FAILED at ${utcMinute(report.checkedAt)}: its accounts`,
    'could not be listed, so NOTHING WAS AUDITED. No account and no user has been judged, so none is',
    'known to be compliant: until a run succeeds, treat every console user in every account as unverified.',
  ];
  if (report.accounts.length > 0) {
    out.push(
      `(${plural(report.accounts.length, 'account report')} came back all the same; without the account`,
      'list nobody can tell which accounts were missed, so they are in the JSON body only.)',
    );
  }
  out.push(
    '',
    `What failed:  ${error ? `${error.operation}: ${oneLine(capText(error.message))}` : 'unknown (no error was recorded)'}`,
  );
  if (error?.permission) {
    out.push(
      `Permission:   access was denied; the auditor's role needs ${error.permission}`,
      '              (in the management account or the delegated administrator account).',
      '              Grant it, and check that no SCP or permission boundary denies it.',
    );
  }
  for (const e of report.errors.slice(1))
    out.push(`Also failed:  ${e.operation}: ${oneLine(capText(e.message))}`);
  out.push('', 'Run it again once the cause is fixed:', ...rerunCommands(ctx).map((c) => `  ${c}`));
  out.push(
    '',
    '--',
    'mfa-auditor: IAM users who can sign in to the AWS console without MFA (CIS AWS Foundations 1.10,',
    'Security Hub IAM.5). SQS and Lambda subscribers receive this failed OrganizationReport as JSON.',
  );
  return out.join('\n') + '\n';
}

function rerunCommands(ctx: OrganizationAlertContext): string[] {
  const cli = 'npm run audit -- --org';
  if (!ctx.stateMachineArn) {
    return [`from a checkout with credentials for the management or delegated administrator account: ${cli}`];
  }
  return [
    `aws stepfunctions start-execution --state-machine-arn ${shellQuote(ctx.stateMachineArn)}`,
    `or, from a checkout with credentials for the management or delegated administrator account: ${cli}`,
  ];
}
