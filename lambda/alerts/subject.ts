import type { Changes } from '../core/changes';
import type { AuditReport } from '../core/types';
import type { UsersScope } from './named-users';
import { namedUsers, namedUsersPhrase, openAfter, stillOpenPhrase, usersScope } from './named-users';
import { plural } from './text';

/** SNS subjects: ASCII, no line breaks, under 100 characters. */
export const MAX_SUBJECT_LENGTH = 99;

export interface SubjectOptions {
  readonly accountAlias?: string;
  /** Set when the alert is split: adds ` [part k/n]`, which is never cut. */
  readonly part?: { readonly index: number; readonly total: number };
  /**
   * `notify: changes` mode: says how many findings are new, and for a re-check of named users how
   * many are still open in the account.
   */
  readonly changes?: Changes;
}

/**
 * E.g. `MFA audit: 3 console users without MFA in 123456789012 (prod-main) [part 1/2]`. A re-check
 * of named users speaks of those users only: `MFA audit: alice now has MFA (resolved) in
 * 123456789012; 2 still open: 1 user + root` (the count only where the `changes` state knows it).
 * When it is too long the alias is shortened, then dropped, then a long user name is shortened,
 * then the rest is cut; the part label always survives so the parts of one alert can be told apart.
 */
export function alertSubject(report: AuditReport, options: SubjectOptions = {}): string {
  const account = report.accountId ?? 'unknown account';
  const alias = options.accountAlias ? toAscii(options.accountAlias) : '';
  const part =
    options.part && options.part.total > 1 ? ` [part ${options.part.index}/${options.part.total}]` : '';
  const aliasVariants = [
    alias ? ` (${alias})` : '',
    alias.length > 12 ? ` (${alias.slice(0, 9)}...)` : undefined,
    '',
  ].filter((v): v is string => v !== undefined);
  // Each is [text before the alias, text after it]: the alias belongs to the account.
  const wordings = subjectWordings(report, account, options.changes, MAX_SUBJECT_LENGTH - part.length);
  for (const [core, tail] of wordings) {
    for (const aliasText of aliasVariants) {
      const text = toAscii(`${core}${aliasText}${tail}`) + part;
      if (text.length <= MAX_SUBJECT_LENGTH) return text;
    }
  }
  const [core, tail] = wordings[wordings.length - 1] ?? ['MFA audit', ''];
  const rest = toAscii(core + tail);
  return `${rest.slice(0, MAX_SUBJECT_LENGTH - part.length - 3)}...${part}`;
}

/** The subject's words, most informative first. */
function subjectWordings(
  report: AuditReport,
  account: string,
  changes: Changes | undefined,
  budget: number,
): [core: string, tail: string][] {
  const scope = usersScope(report);
  if (scope) return namedUsersWordings(report, scope, account, changes, budget);
  const n = report.summary.violations;
  const fresh = changes?.newViolations.length ?? 0;
  if (report.status === 'failed') return [[`MFA audit FAILED for account ${account}`, ': no result']];
  // Security Hub shows less than this audit found: said where everyone reads first.
  const hub = report.securityHub?.errors.length ? '; Security Hub NOT updated' : '';
  if (n === 0 && report.status === 'complete' && !report.summary.rootViolation) {
    return [[`MFA audit: all console users in ${account}`, ` have MFA${hub}`]];
  }
  const unchecked = `${report.status === 'incomplete' ? ` (+${report.summary.errors} unchecked)` : ''}${hub}`;
  if (n === 0 && report.summary.rootViolation) {
    // The root user is never counted among IAM users, but must never hide behind "0 users".
    return [[`MFA audit: ROOT USER without MFA in ${account}`, unchecked]];
  }
  const news = fresh > 0 ? ` (${fresh} new)` : '';
  const root = report.summary.rootViolation ? ' + ROOT' : '';
  return [
    [`MFA audit: ${n} console user${n === 1 ? '' : 's'}${root} without MFA${news} in ${account}`, unchecked],
  ];
}

function namedUsersWordings(
  report: AuditReport,
  scope: UsersScope,
  account: string,
  changes: Changes | undefined,
  budget: number,
): [string, string][] {
  const users = namedUsers(report, scope, changes);
  const [only] = users;
  if (report.status === 'failed') {
    const who = users.length === 1 && only ? only.userName : plural(users.length, 'named user');
    return [
      [`MFA audit FAILED: re-check of ${who} in account ${account}`, ': no result'],
      [
        `MFA audit FAILED: re-check of ${plural(users.length, 'named user')} in account ${account}`,
        ': no result',
      ],
    ];
  }
  const open = openAfter(changes);
  const tails = open ? [`; ${stillOpenPhrase(open)}`, `; ${stillOpenPhrase(open, true)}`] : [''];
  const wordings: [string, string][] = [];
  tails.forEach((tail, i) => {
    if (i === 0) wordings.push([`MFA audit: ${namedUsersPhrase(users)} in ${account}`, tail]);
    // Shorter words, and a long name cut to what fits next to them (the alias is dropped first).
    const shortest = namedUsersPhrase(users, { maxName: 0 }); // a name cut to 8 characters
    const fixed =
      `MFA audit: ${shortest} in ${account}${tail}`.length - Math.min(8, only?.userName.length ?? 0);
    wordings.push([`MFA audit: ${namedUsersPhrase(users, { maxName: budget - fixed })} in ${account}`, tail]);
  });
  return wordings;
}

function toAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
