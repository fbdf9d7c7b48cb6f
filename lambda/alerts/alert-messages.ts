import type { OutgoingMessage } from '../core/ports';
import type { AuditReport } from '../core/types';
import type { AlertContext } from './alert-context';
import { renderAlertEmail, itemLines } from './alert-email';
import type { AlertItem, AlertPart } from './alert-items';
import { alertItems } from './alert-items';
import { packParts } from './alert-parts';
import { alertCard } from './chatbot-card';
import { buildFailureMessages } from './failure-notice';
import { machineItemJson, machineReport } from './machine-report';
import {
  alertMessage,
  DEFAULT_MESSAGE_BUDGET_BYTES,
  jsonStringBytes,
  SNS_MAX_MESSAGE_BYTES,
} from './message-size';
import { alertSubject } from './subject';

/** A Chatbot card grows with the users it lists, up to its 8,000-character description. */
const CARD_RESERVE_BYTES = 12 * 1024;

/**
 * The messages to publish for a report, each `{ subject, message, perProtocol: true }` for SNS
 * `MessageStructure: 'json'` with bodies for `default` and `email` (plain text for people), `https`
 * (an AWS Chatbot custom notification) and `sqs`/`lambda` (AuditReport JSON, see MachineReport).
 *
 * Usually one message. When the findings do not fit one SNS message they are split into parts
 * ("part k of n"), each complete for the entries it holds and each measured to fit the budget.
 * A failed audit gets its failure notice instead.
 */
export function buildAlertMessages(report: AuditReport, ctx: AlertContext = {}): OutgoingMessage[] {
  if (report.status === 'failed') return buildFailureMessages(report, ctx);
  const budgetBytes = Math.min(ctx.budgetBytes ?? DEFAULT_MESSAGE_BUDGET_BYTES, SNS_MAX_MESSAGE_BYTES);
  return packParts(
    alertItems(report, ctx.changes),
    (items, index, total) => renderPart(report, ctx, { index, total, items }),
    { budgetBytes, itemBytes: (item) => itemBytes(item, report), reserveBytes: CARD_RESERVE_BYTES },
  );
}

function renderPart(report: AuditReport, ctx: AlertContext, part: AlertPart): OutgoingMessage {
  const text = renderAlertEmail(report, ctx, part);
  const machine = JSON.stringify(machineReport(report, part, ctx.changes));
  return alertMessage(alertSubject(report, { accountAlias: ctx.accountAlias, part, changes: ctx.changes }), {
    text,
    card: alertCard(report, ctx, part),
    machine,
  });
}

/** What one entry adds: its text twice (`default`, `email`) and its JSON twice (`sqs`, `lambda`). */
function itemBytes(item: AlertItem, report: AuditReport): number {
  const text = `${itemLines(item, report.accountId).join('\n')}\n\n`;
  return 2 * jsonStringBytes(text) + 2 * jsonStringBytes(`${machineItemJson(item)},`);
}
