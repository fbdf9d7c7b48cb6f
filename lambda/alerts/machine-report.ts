import type { Changes, OpenAfterRun, ResolvedFinding } from '../core/changes';
import { openAfterRun } from '../core/changes';
import type { AuditReport } from '../core/types';
import type { AlertItem, AlertPart } from './alert-items';
import { itemsOf } from './alert-items';

/**
 * The SNS `sqs` and `lambda` bodies: the AuditReport JSON (README, "The AuditReport") for machines.
 *
 * When the findings need several messages, part k of n carries the report with only that part's
 * entries in each list (`violations`, `errors`, `pending`, `exempted`, `notes`, and for a re-check
 * of named users `scope.userNames`, `scope.notFound`, `scope.withMfa`) and
 * `part: { index: k, total: n }`. Everything else (`summary`, `apiCalls`, ...) is the whole report's
 * in every part, so a subscriber knows how many findings to expect; concatenating each list over
 * parts 1..n gives the full list, every entry exactly once. A single message has `part: {1, 1}`.
 *
 * In `notify: changes` mode `changes` adds this part's new violations (ARNs) and resolved findings,
 * and `open`: what is open in the account after this run as far as the stored state knows (users
 * with an open finding, and the root user's last verdict, null when never judged). For a re-check
 * of named users (`scope.kind: 'users'`) this is the only account-wide figure: `summary` counts the
 * named users only.
 */
export interface MachineReport extends AuditReport {
  readonly part: { readonly index: number; readonly total: number };
  readonly changes?: {
    readonly newViolationArns: readonly string[];
    readonly resolved: readonly ResolvedFinding[];
    readonly digestDue: boolean;
    readonly open: OpenAfterRun;
  };
}

export function machineReport(report: AuditReport, part: AlertPart, changes?: Changes): MachineReport {
  const violations = itemsOf(part.items, 'violation');
  return {
    ...report,
    violations: violations.map((i) => i.violation),
    errors: itemsOf(part.items, 'error').map((i) => i.error),
    pending: itemsOf(part.items, 'pending').map((i) => i.pending),
    exempted: itemsOf(part.items, 'exempted').map((i) => i.exempted),
    notes: itemsOf(part.items, 'note').map((i) => i.note),
    scope: partScope(report, part),
    part: { index: part.index, total: part.total },
    ...(changes
      ? {
          changes: {
            newViolationArns: violations.filter((i) => i.isNew).map((i) => i.violation.arn),
            resolved: itemsOf(part.items, 'resolved').map((i) => i.resolved),
            digestDue: changes.digestDue,
            open: openAfterRun(changes),
          },
        }
      : {}),
  };
}

function partScope(report: AuditReport, part: AlertPart): AuditReport['scope'] {
  if (report.scope.kind !== 'users') return report.scope;
  const named = itemsOf(part.items, 'named');
  return {
    kind: 'users',
    userNames: named.map((i) => i.userName),
    notFound: named.filter((i) => i.notFound).map((i) => i.userName),
    withMfa: named.filter((i) => i.withMfa).map((i) => i.userName),
  };
}

/** The JSON one item adds to the machine body (used to size parts). */
export function machineItemJson(item: AlertItem): string {
  switch (item.kind) {
    case 'violation':
      return JSON.stringify(item.violation) + (item.isNew ? JSON.stringify(item.violation.arn) : '');
    case 'error':
      return JSON.stringify(item.error);
    case 'pending':
      return JSON.stringify(item.pending);
    case 'exempted':
      return JSON.stringify(item.exempted);
    case 'resolved':
      return JSON.stringify(item.resolved);
    case 'note':
      return JSON.stringify(item.note);
    case 'named':
      return JSON.stringify(item.userName).repeat(1 + Number(item.notFound) + Number(item.withMfa));
  }
}
