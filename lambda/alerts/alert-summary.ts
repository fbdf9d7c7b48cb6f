import type { Changes } from '../core/changes';
import type { AuditReport } from '../core/types';
import type { AlertPart } from './alert-items';
import { itemsOf } from './alert-items';
import type { UsersScope } from './named-users';
import { namedUsers, namedUsersSentence, openAfter, stillOpenPhrase, usersScope } from './named-users';
import { accountLabel, formatAge, plural, utcMinute } from './text';

/**
 * The first sentence of every alert: what is wrong, where. For a re-check of named users: what it
 * found about those users, and nothing about the rest of the account.
 */
export function headline(report: AuditReport, alias: string | undefined, changes?: Changes): string {
  const account = `AWS account ${accountLabel(report.accountId, alias)}`;
  const scope = usersScope(report);
  if (scope) {
    const users = namedUsers(report, scope, changes);
    return `Re-check of ${plural(users.length, 'named user')} in ${account}: ${namedUsersSentence(users)}.`;
  }
  const n = report.summary.violations;
  if (n > 0) {
    return `${plural(n, 'IAM user')} in ${account} can sign in to the AWS console with a password and no MFA.`;
  }
  if (report.status === 'complete') {
    return `Every IAM user in ${account} that can sign in to the AWS console has MFA.`;
  }
  return (
    `No IAM user without MFA was found in ${account}, but ${plural(report.summary.errors, 'user')} ` +
    'could not be checked and are not known to be compliant.'
  );
}

export const WHY_IT_MATTERS =
  'Why it matters: with console access and no MFA, a phished, guessed or reused password is enough ' +
  'to take over the user and everything it is allowed to do.';

/**
 * For a re-check of named users: that nothing else was checked and, where the `changes` state knows
 * them, the account's open findings (from the last full audit and the re-checks since). Undefined
 * for a whole-account audit.
 */
export function scopeSummary(report: AuditReport, changes: Changes | undefined): string | undefined {
  const scope = usersScope(report);
  if (!scope) return undefined;
  const only = onlyTheseUsers(scope);
  const open = openAfter(changes);
  if (!open) return `${only}; this alert says nothing about other users or the root user.`;
  const root =
    open.root === true
      ? ' The root user had no MFA at the last full audit.'
      : open.root === null
        ? ' The root user has not been checked by a full audit yet.'
        : '';
  return (
    `Open findings in the account after this re-check: ${stillOpenPhrase(open)}.${root} ${only}; ` +
    'the other findings stand from earlier runs.'
  );
}

function onlyTheseUsers(scope: UsersScope): string {
  return scope.userNames.length === 1
    ? 'Only this user was checked now'
    : 'Only these users were checked now';
}

/** How fresh the data is, in one sentence. */
export function freshness(report: AuditReport): string {
  if (report.reportGeneratedAt === null) {
    const who = report.scope.kind === 'users' ? 'the named users' : 'every user';
    return `checked live at ${utcMinute(report.checkedAt)} (no credential report: ${who} read directly from IAM)`;
  }
  const age = report.reportAgeSeconds === null ? '' : ` (${formatAge(report.reportAgeSeconds)} old)`;
  const confirmed = `every user listed here was confirmed live at ${utcMinute(report.checkedAt)}.`;
  if (report.reportGeneratedForThisAudit === true) {
    return `IAM credential report generated for this audit ${utcMinute(report.reportGeneratedAt)}; ${confirmed}`;
  }
  // A reused report: MFA removed since is caught by the live refresh; a password created since, for
  // a user who has not signed in, is what it cannot show.
  return (
    `IAM credential report generated ${utcMinute(report.reportGeneratedAt)}${age} and reused by IAM; ` +
    `its MFA column was refreshed live and ${confirmed} A console password created after the report, ` +
    'for a user who has not signed in since, shows up at the next report.'
  );
}

/** `412 users scanned, 3 without MFA, 1 could not be checked, ...`. */
export function counts(report: AuditReport): string {
  const s = report.summary;
  return [
    report.scope.kind === 'users'
      ? `${plural(s.usersScanned, 'named user')} checked (nobody else)`
      : `${plural(s.usersScanned, 'user')} scanned`,
    `${s.violations} without MFA`,
    s.errors > 0 ? `${s.errors} could not be checked` : '',
    s.exempted > 0 ? `${s.exempted} exempted` : '',
    s.pending > 0 ? `${s.pending} in grace period` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}

/** Why a `notify: changes` alert went out, or undefined in `always` mode. */
export function changeSummary(changes: Changes | undefined): string | undefined {
  if (!changes) return undefined;
  const parts = [
    changes.newViolations.length > 0 ? `${changes.newViolations.length} new` : '',
    changes.stillOpen.length > 0 ? `${changes.stillOpen.length} still open` : '',
    changes.resolved.length > 0 ? `${changes.resolved.length} resolved` : '',
    changes.unknown.length > 0 ? `${changes.unknown.length} not re-checked (kept open)` : '',
  ].filter((x) => x !== '');
  const quiet = changes.newViolations.length === 0 && changes.resolved.length === 0;
  const reminder =
    quiet && changes.digestDue ? ' Nothing new: this is the periodic reminder of every open finding.' : '';
  return `Since the last run: ${parts.length > 0 ? parts.join(', ') : 'no open findings'}.${reminder}`;
}

export function rootWarning(report: AuditReport): string | undefined {
  if (!report.root?.violation) return undefined;
  return (
    'ROOT USER WITHOUT MFA: anyone with the root password controls the whole account. Sign in as ' +
    'the root user > Security credentials > Assign MFA device.'
  );
}

/** `Part 2 of 42: users 121-240 of 5000.` or undefined for a single message. */
export function partLabel(report: AuditReport, part: AlertPart): string | undefined {
  if (part.total <= 1) return undefined;
  const ordinals = itemsOf(part.items, 'violation').map((i) => i.ordinal);
  const first = ordinals[0];
  const last = ordinals[ordinals.length - 1];
  const users =
    first === undefined || last === undefined
      ? 'no users without MFA in this part'
      : `users ${first}-${last} of ${report.summary.violations} without MFA`;
  return `Part ${part.index} of ${part.total}: ${users}. The parts together list every finding exactly once.`;
}
