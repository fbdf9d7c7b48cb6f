import type { OrganizationReport } from '../../core/organization';
import { plural } from '../text';
import type { OrganizationChanges } from './org-context';
import type { OrgAlertPart } from './org-items';
import { orgItemsOf } from './org-items';

/** `organization o-abc123def4`, or what stands in for it when the id could not be read. */
export function organizationLabel(report: OrganizationReport): string {
  return report.organizationId ? `organization ${report.organizationId}` : 'the named accounts';
}

/** Every account audited completely, no user and no root user without MFA: the only "all clear". */
export function allClear(report: OrganizationReport): boolean {
  const s = report.summary;
  return report.status === 'complete' && s.accounts > 0 && s.violations === 0 && s.rootViolations === 0;
}

interface Figures {
  readonly clear: number;
  /** Users whose check failed, in accounts audited (account-level errors are not users). */
  readonly unchecked: number;
  /** Accounts audited whose root user could not be judged (its check failed). */
  readonly rootUnchecked: number;
  readonly withViolations: number;
}

/**
 * Figures over every account, counted once per report: every part of a split alert repeats them,
 * and an organization of thousands of accounts is split into hundreds of parts.
 */
const FIGURES = new WeakMap<OrganizationReport, Figures>();

function figures(report: OrganizationReport): Figures {
  const known = FIGURES.get(report);
  if (known) return known;
  let clear = 0;
  let unchecked = 0;
  let rootUnchecked = 0;
  let withViolations = 0;
  for (const a of report.accounts) {
    if (a.status === 'complete' && a.summary.violations === 0 && !a.summary.rootViolation) clear++;
    if (a.status === 'incomplete') {
      unchecked += a.errors.filter((e) => e.userName !== null).length;
      if (a.root === null && a.scope.kind === 'account') rootUnchecked++;
    }
    if (a.summary.violations > 0) withViolations++;
  }
  const counted = { clear, unchecked, rootUnchecked, withViolations };
  FIGURES.set(report, counted);
  return counted;
}

/** Audited completely with nothing open: the only accounts this alert calls compliant. */
export function clearAccounts(report: OrganizationReport): number {
  return figures(report).clear;
}

/** Users that could not be checked in accounts that were audited (not counting accounts not audited). */
export function uncheckedUsers(report: OrganizationReport): number {
  return figures(report).unchecked;
}

/** Accounts with at least one console user without MFA. */
export function accountsWithViolations(report: OrganizationReport): number {
  return figures(report).withViolations;
}

/** The first sentence of every organization alert: what is wrong, where, and what was not checked. */
export function organizationHeadline(report: OrganizationReport): string {
  const s = report.summary;
  const org = organizationLabel(report);
  if (s.accounts === 0) {
    return `No account of ${org} was audited: none was ACTIVE among the accounts to audit (see the notes), so nothing is known about any user.`;
  }
  if (allClear(report)) {
    return (
      `Every IAM user that can sign in to the AWS console has MFA in all ${plural(s.accounts, 'account')} ` +
      `of ${org}, and so does every root user: every account was audited completely.`
    );
  }
  const found: string[] = [];
  if (s.violations > 0) {
    found.push(
      `${plural(s.violations, 'IAM user')} in ${plural(accountsWithViolations(report), 'account')} of ${org} ` +
        'can sign in to the AWS console with a password and no MFA',
    );
  }
  if (s.rootViolations > 0)
    found.push(`${plural(s.rootViolations, 'root user')} ${s.rootViolations === 1 ? 'has' : 'have'} no MFA`);
  const gaps = notCheckedPhrase(report);
  if (found.length === 0) {
    return `No user without MFA was found in ${org}, but ${gaps}: they are not known to be compliant.`;
  }
  return `${found.join('; ')}.${gaps ? ` Not known to be compliant: ${gaps}.` : ''}`;
}

/** `2 accounts were not audited and 3 users could not be checked`, or '' when everything was. */
function notCheckedPhrase(report: OrganizationReport): string {
  const failed = report.summary.accountsFailed;
  const users = uncheckedUsers(report);
  const roots = figures(report).rootUnchecked;
  return [
    failed > 0 ? `${plural(failed, 'account')} ${failed === 1 ? 'was' : 'were'} not audited` : '',
    users > 0 ? `${plural(users, 'user')} could not be checked` : '',
    roots > 0 ? `the root user's MFA could not be checked in ${plural(roots, 'account')}` : '',
  ]
    .filter((x) => x !== '')
    .join(' and ');
}

/** `40 (35 audited completely, 2 incomplete, 3 NOT audited); 30 audited completely with no finding`. */
export function accountCounts(report: OrganizationReport): string {
  const s = report.summary;
  const parts = [
    `${s.accountsComplete} audited completely`,
    s.accountsIncomplete > 0 ? `${s.accountsIncomplete} incomplete` : '',
    s.accountsFailed > 0 ? `${s.accountsFailed} NOT audited` : '',
  ].filter((x) => x !== '');
  return `${s.accounts} (${parts.join(', ')}); ${clearAccounts(report)} audited completely with no finding`;
}

/** `57 users without MFA, 2 root users without MFA, 4 users could not be checked, 3 exempted, ...`. */
export function organizationCounts(report: OrganizationReport): string {
  const s = report.summary;
  const unchecked = uncheckedUsers(report);
  return [
    `${plural(s.violations, 'user')} without MFA`,
    `${plural(s.rootViolations, 'root user')} without MFA`,
    unchecked > 0 ? `${plural(unchecked, 'user')} could not be checked` : '',
    s.exempted > 0 ? `${s.exempted} exempted` : '',
    s.pending > 0 ? `${s.pending} in grace period` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

export interface ChangeFigures {
  readonly fresh: number;
  readonly resolved: number;
  readonly open: number;
  /** Accounts with a new or resolved finding. */
  readonly accounts: number;
  /** Accounts whose state could not be read (listed in full). */
  readonly stateless: number;
}

const CHANGE_FIGURES = new WeakMap<OrganizationChanges, ChangeFigures>();

/** What changed over every account, counted once per alert (see `figures`). */
export function changeFigures(changes: OrganizationChanges): ChangeFigures {
  const known = CHANGE_FIGURES.get(changes);
  if (known) return known;
  let fresh = 0;
  let resolved = 0;
  let open = 0;
  let accounts = 0;
  let stateless = 0;
  for (const { changes: c } of changes.accounts.values()) {
    if (!c) {
      stateless++;
      continue;
    }
    fresh += c.newViolations.length;
    resolved += c.resolved.length;
    open += c.stillOpen.length + c.unknown.length;
    if (c.newViolations.length + c.resolved.length > 0) accounts++;
  }
  const counted = { fresh, resolved, open, accounts, stateless };
  CHANGE_FIGURES.set(changes, counted);
  return counted;
}

/** Why a `notify: changes` alert went out and what it lists, or undefined in `always` mode. */
export function organizationChangeSummary(changes: OrganizationChanges | undefined): string | undefined {
  if (!changes) return undefined;
  const f = changeFigures(changes);
  const unknownState =
    f.stateless > 0
      ? ` The alert state of ${plural(f.stateless, 'account')} could not be read: listed in full, nothing marked new.`
      : '';
  const what =
    `Since the last run: ${f.fresh} new, ${f.resolved} resolved (in ${plural(f.accounts, 'account')}), ` +
    `${f.open} still open.${unknownState}`;
  return changes.digest
    ? `${what} This is the periodic digest: every open finding of every account is listed.`
    : `${what} This alert lists only what changed (and every account not audited or with unchecked users); ` +
        'findings still open from earlier runs are not repeated until the next digest.';
}

/** `Part 2 of 42: accounts 3-9 of 40 (users 121-240 of 5000 ...)`, or undefined for a single message. */
export function organizationPartLabel(part: OrgAlertPart): string | undefined {
  if (part.total <= 1) return undefined;
  const accounts = new Set(part.items.flatMap((i) => ('account' in i ? [i.account.accountId] : []))).size;
  const users = orgItemsOf(part.items, 'entry').filter((e) => e.item.kind === 'violation').length;
  return (
    `Part ${part.index} of ${part.total}: ${plural(accounts, 'account')}, ${plural(users, 'user')} without MFA in this part. ` +
    'The parts together list every finding exactly once.'
  );
}
