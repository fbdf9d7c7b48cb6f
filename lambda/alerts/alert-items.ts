import type { Changes, ResolvedFinding } from '../core/changes';
import type { AuditError, AuditReport, Exempted, Pending, Violation } from '../core/types';
import { capText } from './text';
import { userNameKey } from '../core/user-name';

/**
 * One entry of an alert. A report too big for one SNS message is split between entries, never
 * inside one, and every list of the report is split the same way: each entry is in exactly one part.
 */
export type AlertItem =
  | { readonly kind: 'note'; readonly note: string }
  | { readonly kind: 'error'; readonly error: AuditError }
  | {
      readonly kind: 'violation';
      readonly violation: Violation;
      /** 1-based position in the whole report (most urgent first). */
      readonly ordinal: number;
      readonly isNew: boolean;
      readonly firstSeen?: string;
    }
  | { readonly kind: 'pending'; readonly pending: Pending }
  | { readonly kind: 'exempted'; readonly exempted: Exempted }
  | {
      readonly kind: 'resolved';
      readonly resolved: ResolvedFinding;
      /** How a compliant outcome came about, when the report says (a re-check of named users). */
      readonly how?: 'mfa' | 'no-password' | 'deleted';
    }
  /**
   * A user a re-check of named users was about (`scope.userNames`, with its `notFound` / `withMfa`
   * membership). Not shown in the text: only the machine body lists them, split like every list.
   */
  | {
      readonly kind: 'named';
      readonly userName: string;
      readonly notFound: boolean;
      readonly withMfa: boolean;
    };

export interface AlertPart {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
  readonly items: readonly AlertItem[];
}

/**
 * The report's entries in the order they are packed into parts: notes first (few, and they change
 * how to read the rest), then violations most urgent first, so the first message a person sees
 * holds the most urgent users, then users that could not be checked, the grace period, exemptions
 * and resolved findings, and last the named users of a re-check (machine body only). Every part's
 * header counts all of them, so none goes unnoticed.
 */
export function alertItems(report: AuditReport, changes?: Changes): AlertItem[] {
  const newArns = new Set(changes?.newViolations.map((v) => v.arn));
  return [...alertItemsBeforeScope(report, changes, newArns), ...namedItems(report)];
}

/** A re-check of named users knows why a named user is compliant; a whole-account audit does not say. */
function resolvedHow(report: AuditReport, r: ResolvedFinding): 'mfa' | 'no-password' | 'deleted' | undefined {
  const scope = report.scope;
  if (scope.kind !== 'users' || r.outcome !== 'compliant') return undefined;
  const key = userNameKey(r.userName);
  const has = (names: readonly string[]): boolean => names.some((n) => userNameKey(n) === key);
  if (!has(scope.userNames)) return undefined;
  return has(scope.notFound) ? 'deleted' : has(scope.withMfa) ? 'mfa' : 'no-password';
}

/** The named users of a re-check, one item each; none for a whole-account audit. */
function namedItems(report: AuditReport): AlertItem[] {
  const scope = report.scope;
  if (scope.kind !== 'users') return [];
  const notFound = new Set(scope.notFound);
  const withMfa = new Set(scope.withMfa);
  return scope.userNames.map((userName): AlertItem => ({
    kind: 'named',
    userName,
    notFound: notFound.has(userName),
    withMfa: withMfa.has(userName),
  }));
}

function alertItemsBeforeScope(
  report: AuditReport,
  changes: Changes | undefined,
  newArns: ReadonlySet<string>,
): AlertItem[] {
  return [
    ...report.notes.map((note): AlertItem => ({ kind: 'note', note: capText(note) })),
    ...report.violations.map((violation, i): AlertItem => ({
      kind: 'violation',
      violation,
      ordinal: i + 1,
      isNew: changes !== undefined && newArns.has(violation.arn),
      firstSeen: changes?.firstSeen[violation.arn],
    })),
    ...report.errors.map((error): AlertItem => ({
      kind: 'error',
      error: { ...error, message: capText(error.message) },
    })),
    ...report.pending.map((pending): AlertItem => ({ kind: 'pending', pending })),
    ...report.exempted.map((exempted): AlertItem => ({ kind: 'exempted', exempted })),
    ...(changes?.resolved ?? []).map((resolved): AlertItem => ({
      kind: 'resolved',
      resolved,
      how: resolvedHow(report, resolved),
    })),
  ];
}

/** The items of one kind, typed. */
export function itemsOf<K extends AlertItem['kind']>(
  items: readonly AlertItem[],
  kind: K,
): Extract<AlertItem, { kind: K }>[] {
  return items.filter((i): i is Extract<AlertItem, { kind: K }> => i.kind === kind);
}
