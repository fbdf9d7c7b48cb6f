import type { Changes, OpenAfterRun } from '../core/changes';
import { openAfterRun } from '../core/changes';
import type { AuditReport, AuditScope } from '../core/types';
import { plural } from './text';
import { userNameKey } from '../core/user-name';

/**
 * Wording for a re-check of named users (`scope.kind === 'users'`): such a report judged those users
 * only, so every alert about it speaks of them and, where the `changes` state knows them, of the
 * account's open findings, never of the account as a whole. Everything here is derived from the
 * report's and the state's fields.
 */

export type UsersScope = Extract<AuditScope, { kind: 'users' }>;

/** The scope of a re-check of named users; undefined for a whole-account audit. */
export function usersScope(report: AuditReport): UsersScope | undefined {
  return report.scope.kind === 'users' ? report.scope : undefined;
}

/** What this run established about one named user. */
export type NamedOutcome =
  | 'violation-new'
  | 'violation-open'
  | 'violation'
  | 'unchecked'
  | 'resolved-mfa'
  | 'resolved-no-password'
  | 'resolved-deleted'
  | 'resolved-exempted'
  | 'resolved-pending'
  | 'pending'
  | 'exempted'
  | 'mfa'
  | 'no-password'
  | 'not-found';

export interface NamedUser {
  readonly userName: string;
  readonly outcome: NamedOutcome;
}

/**
 * One entry per named user, in the scope's order. `changes` (notify: changes) tells new from still
 * open and marks what this run resolved; without it a violation is just a violation.
 */
export function namedUsers(report: AuditReport, scope: UsersScope, changes?: Changes): NamedUser[] {
  const key = userNameKey;
  const violations = new Map(report.violations.map((v) => [key(v.userName), v]));
  const errored = new Set(report.errors.flatMap((e) => (e.userName === null ? [] : [key(e.userName)])));
  const pending = new Set(report.pending.map((p) => key(p.userName)));
  const exempted = new Set(report.exempted.map((e) => key(e.userName)));
  const notFound = new Set(scope.notFound.map(key));
  const withMfa = new Set(scope.withMfa.map(key));
  const resolved = new Map((changes?.resolved ?? []).map((r) => [key(r.userName), r]));
  const newArns = new Set(changes?.newViolations.map((v) => v.arn));

  return scope.userNames.map((userName): NamedUser => {
    const k = key(userName);
    const outcome = ((): NamedOutcome => {
      // A failed audit judged nobody, and its scope names only what was asked for.
      if (report.status === 'failed' || errored.has(k)) return 'unchecked';
      const v = violations.get(k);
      if (v)
        return changes === undefined ? 'violation' : newArns.has(v.arn) ? 'violation-new' : 'violation-open';
      const r = resolved.get(k);
      if (r?.outcome === 'exempted') return 'resolved-exempted';
      if (r?.outcome === 'pending') return 'resolved-pending';
      if (r)
        return notFound.has(k)
          ? 'resolved-deleted'
          : withMfa.has(k)
            ? 'resolved-mfa'
            : 'resolved-no-password';
      if (pending.has(k)) return 'pending';
      if (exempted.has(k)) return 'exempted';
      if (notFound.has(k)) return 'not-found';
      return withMfa.has(k) ? 'mfa' : 'no-password';
    })();
    return { userName, outcome };
  });
}

/** `alice <phrase>`: what one named user's outcome is, for a sentence about that user. */
const OUTCOME_PHRASES: Readonly<Record<NamedOutcome, string>> = {
  'violation-new': 'has no MFA (new)',
  'violation-open': 'still has no MFA',
  violation: 'has no MFA',
  unchecked: 'could not be checked',
  'resolved-mfa': 'now has MFA (resolved)',
  'resolved-no-password': 'has no console password now (resolved)',
  'resolved-deleted': 'was deleted (resolved)',
  'resolved-exempted': 'is exempted by tag now (resolved)',
  'resolved-pending': 'is in the MFA grace period now (resolved)',
  pending: 'is in the MFA grace period',
  exempted: 'is exempted by tag',
  mfa: 'has MFA',
  'no-password': 'has no console password',
  'not-found': 'does not exist',
};

/** Shorter words for a subject that would not fit otherwise. */
const SHORT_OUTCOME_PHRASES: Readonly<Record<NamedOutcome, string>> = {
  ...OUTCOME_PHRASES,
  'resolved-no-password': 'resolved (no console password)',
  'resolved-exempted': 'resolved (exempted)',
  'resolved-pending': 'resolved (grace period)',
  pending: 'in MFA grace period',
  exempted: 'exempted',
  'not-found': 'not found',
};

/** Outcomes grouped for a count (`2 without MFA, 1 resolved`), most urgent first. */
const GROUPS: readonly {
  readonly label: string;
  readonly short: string;
  readonly outcomes: readonly NamedOutcome[];
}[] = [
  { label: 'without MFA', short: 'no MFA', outcomes: ['violation-new', 'violation-open', 'violation'] },
  { label: 'not checked', short: 'unchecked', outcomes: ['unchecked'] },
  {
    label: 'resolved',
    short: 'resolved',
    outcomes: [
      'resolved-mfa',
      'resolved-no-password',
      'resolved-deleted',
      'resolved-exempted',
      'resolved-pending',
    ],
  },
  { label: 'in the grace period', short: 'in grace', outcomes: ['pending'] },
  { label: 'exempted', short: 'exempted', outcomes: ['exempted'] },
  { label: 'with MFA', short: 'with MFA', outcomes: ['mfa'] },
  { label: 'without a console password', short: 'no password', outcomes: ['no-password'] },
  { label: 'not found', short: 'not found', outcomes: ['not-found'] },
];

/** `1 without MFA (1 new), 1 resolved, 1 not checked`; `short`: `1 no MFA, 1 resolved, 1 unchecked`. */
function outcomeCounts(users: readonly NamedUser[], short = false): string {
  return GROUPS.flatMap(({ label, short: shortLabel, outcomes }) => {
    const n = users.filter((u) => outcomes.includes(u.outcome)).length;
    if (n === 0) return [];
    const fresh = users.filter((u) => u.outcome === 'violation-new').length;
    const news = outcomes.includes('violation-new') && fresh > 0 && !short ? ` (${fresh} new)` : '';
    return [`${n} ${short ? shortLabel : label}${news}`];
  }).join(', ');
}

/**
 * The subject's and the card title's words about the named users: `alice now has MFA (resolved)`
 * for one user, `3 named users: 1 without MFA, 2 resolved` for several. `short` (for a subject that
 * does not fit): shorter words, and the one user's name cut to `maxName` characters (at least 8).
 */
export function namedUsersPhrase(users: readonly NamedUser[], short?: { readonly maxName: number }): string {
  const [only] = users;
  if (users.length === 1 && only) {
    if (!short) return `${only.userName} ${OUTCOME_PHRASES[only.outcome]}`;
    const max = Math.max(8, short.maxName);
    const name = only.userName.length <= max ? only.userName : `${only.userName.slice(0, max - 3)}...`;
    return `${name} ${SHORT_OUTCOME_PHRASES[only.outcome]}`;
  }
  return short
    ? `${users.length} users: ${outcomeCounts(users, true)}`
    : `${plural(users.length, 'named user')}: ${outcomeCounts(users)}`;
}

/** At most this many users are named one by one in a sentence; more are counted. */
const MAX_NAMED_IN_SENTENCE = 5;

/** `alice now has MFA (resolved); bob has no MFA (new)`, or counts when there are many. */
export function namedUsersSentence(users: readonly NamedUser[]): string {
  if (users.length > MAX_NAMED_IN_SENTENCE) return outcomeCounts(users);
  return users.map((u) => `${u.userName} ${OUTCOME_PHRASES[u.outcome]}`).join('; ');
}

/** The state's open findings after this run, or undefined without a state (no count then). */
export function openAfter(changes: Changes | undefined): OpenAfterRun | undefined {
  return changes ? openAfterRun(changes) : undefined;
}

/**
 * `2 still open: 1 user + root`, `1 still open`, `none still open`; `1 user still open` when no
 * run has judged the root user yet. `short`: `2 still open` (the root user counted, not named).
 */
export function stillOpenPhrase(open: OpenAfterRun, short = false): string {
  if (short && open.root === true) return `${open.users + 1} still open`;
  if (open.root === true) {
    return open.users === 0
      ? '1 still open: root'
      : `${open.users + 1} still open: ${plural(open.users, 'user')} + root`;
  }
  if (open.root === null)
    return open.users === 0 ? 'no user still open' : `${plural(open.users, 'user')} still open`;
  return open.users === 0 ? 'none still open' : `${open.users} still open`;
}
