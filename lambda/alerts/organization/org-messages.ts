import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import type { OutgoingMessage } from '../../core/ports';
import { packParts } from '../alert-parts';
import {
  alertMessage,
  DEFAULT_MESSAGE_BUDGET_BYTES,
  jsonStringBytes,
  SNS_MAX_MESSAGE_BYTES,
} from '../message-size';
import type { OrganizationAlertContext } from './org-context';
import { organizationCard } from './org-card';
import { accountHeading, orgItemLines, renderOrganizationEmail } from './org-email';
import { buildOrganizationFailureMessages } from './org-failure';
import type { OrgAlertItem, OrgAlertPart } from './org-items';
import { organizationItems } from './org-items';
import { accountJsonBytes, organizationMachineReport, orgItemJsonBytes } from './org-machine';
import { organizationSubject } from './org-subject';

/** A Chatbot card grows with the accounts it lists, up to its 8,000-character description. */
const CARD_RESERVE_BYTES = 12 * 1024;

/**
 * The messages to publish for an organization report: ONE alert stream for every account, each
 * message `{ subject, message, perProtocol: true }` for SNS `MessageStructure: 'json'` with the same
 * bodies as a single-account alert: `default`/`email` text, `https` AWS Chatbot card, `sqs`/`lambda`
 * OrganizationMachineReport JSON.
 *
 * Usually one message; when the entries do not fit, parts ("part k of n"), each under the budget,
 * every entry (user, unchecked user, not-audited account, root user, note) in exactly one part.
 * A failed organization run (accounts not listed) gets its failure notice instead.
 */
export function buildOrganizationAlertMessages(
  report: OrganizationReport,
  ctx: OrganizationAlertContext = {},
): OutgoingMessage[] {
  if (report.status === 'failed') return buildOrganizationFailureMessages(report, ctx);
  const budgetBytes = Math.min(ctx.budgetBytes ?? DEFAULT_MESSAGE_BUDGET_BYTES, SNS_MAX_MESSAGE_BYTES);
  const items = organizationItems(report, ctx);
  const accountBytes = new Map<AccountAuditReport, number>();
  return packParts(items, (slice, index, total) => renderPart(report, ctx, { index, total, items: slice }), {
    budgetBytes,
    itemBytes: (item) => itemBytes(item, ctx, accountBytes),
    reserveBytes: CARD_RESERVE_BYTES,
  });
}

function renderPart(
  report: OrganizationReport,
  ctx: OrganizationAlertContext,
  part: OrgAlertPart,
): OutgoingMessage {
  const text = renderOrganizationEmail(report, ctx, part);
  const machine = JSON.stringify(organizationMachineReport(report, ctx, part));
  return alertMessage(organizationSubject(report, { part, changes: ctx.changes }), {
    text,
    card: organizationCard(report, ctx, part),
    machine,
  });
}

/**
 * What one entry adds: its text twice (`default`, `email`) and its JSON twice (`sqs`, `lambda`); an
 * account's first entry also brings the account's heading and its report without lists. An account
 * continued in a later part brings them again; the measurement of each part accounts for that.
 */
function itemBytes(
  item: OrgAlertItem,
  ctx: OrganizationAlertContext,
  accountBytes: Map<AccountAuditReport, number>,
): number {
  const text = `${orgItemLines(item, ctx).join('\n')}\n\n`;
  let bytes = 2 * jsonStringBytes(text) + 2 * orgItemJsonBytes(item);
  if (item.kind === 'entry' && item.first && !accountBytes.has(item.account)) {
    const heading = 2 * jsonStringBytes(`${accountHeading(item.account, true)}\n${'x'.repeat(400)}\n`);
    accountBytes.set(item.account, heading + 2 * accountJsonBytes(item.account));
    bytes += accountBytes.get(item.account) ?? 0;
  }
  return bytes;
}
