import type { AuditReport, FailedCall, Violation } from './types';
import { nameList } from './util/name-list';

/** off: nothing; preview: report what `on` would do; on: attach and detach the policy. */
export type EnforcementMode = 'off' | 'preview' | 'on';
export const ENFORCEMENT_MODES: readonly EnforcementMode[] = ['off', 'preview', 'on'];

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface EnforcementPolicy {
  readonly gracePeriodHours: number;
  readonly enforceAfterDays: number;
}

/** A user who holds the enforcement policy now, as ListEntitiesForPolicy names them. */
export interface PolicyHolder {
  readonly userName: string;
  readonly userId?: string;
}

/** An attach or detach that failed: the user, the operation, AWS's words, the permission when denied. */
export interface EnforcementFailure extends FailedCall {
  /** null when the failure was not one user's (listing who holds the policy). */
  readonly userName: string | null;
}

/**
 * What enforcement did this run (the report's `enforcement`). `wouldAttach`/`wouldDetach` are the
 * plan, in every mode that ran; `attached`/`detached` what `on` actually changed. User names.
 */
export interface EnforcementOutcome {
  readonly mode: Exclude<EnforcementMode, 'off'>;
  /** null only in a preview run without the ARN (the CLI's `--enforce preview` alone). */
  readonly policyArn: string | null;
  readonly attached: readonly string[];
  readonly detached: readonly string[];
  readonly failed: readonly EnforcementFailure[];
  readonly wouldAttach: readonly string[];
  readonly wouldDetach: readonly string[];
  /** Set when nothing was planned, saying why (a failed audit, a re-check without the list). */
  readonly skippedBecause?: string;
}

export interface EnforcementPlan {
  /** Overdue violators who do not hold the policy yet. */
  readonly attach: readonly string[];
  /**
   * Holders this run did not find violating, unchecked or pending: candidates for release, each
   * confirmed live before it is released (see lambda/wiring/enforce.ts).
   */
  readonly detach: readonly string[];
}

/**
 * When a violation becomes overdue: its console password's creation plus the grace period plus
 * `enforceAfterDays`. undefined when the password's age is unknown: nobody is restricted on a guess.
 */
export function overdueAt(
  v: Pick<Violation, 'passwordCreated'>,
  policy: EnforcementPolicy,
): Date | undefined {
  const created = v.passwordCreated ? Date.parse(v.passwordCreated) : NaN;
  if (!Number.isFinite(created)) return undefined;
  return new Date(created + policy.gracePeriodHours * HOUR_MS + policy.enforceAfterDays * DAY_MS);
}

/**
 * Who to restrict and who to release, from a report that ran (not `failed`) and the policy's current
 * holders (`null` when they could not be listed: then nobody is released, since only the list says
 * who holds it, and attaching stays safe because AttachUserPolicy of a held policy changes nothing).
 * Never touched: unchecked users (errors), users in the grace period, the root user, and in a
 * re-check of named users everyone not named. A violator not yet overdue who holds the policy keeps
 * it (still not compliant).
 */
export function planEnforcement(
  report: AuditReport,
  holders: readonly PolicyHolder[] | null,
  policy: EnforcementPolicy,
  now: Date,
): EnforcementPlan {
  if (report.status === 'failed')
    throw new Error('planEnforcement needs an audit that ran (status not failed)');
  const key = (name: string) => name.toLowerCase();
  const held = new Set((holders ?? []).map((h) => key(h.userName)));
  const heldIds = new Set((holders ?? []).flatMap((h) => (h.userId ? [h.userId] : [])));

  const attach = report.violations
    // An exemption nobody could read is reported as a violation (fail closed), but restricting on
    // a throttled tag read would lock out a break-glass user: treated as unchecked, untouched.
    .filter((v) => v.exemption?.status !== 'unreadable')
    .filter((v) => {
      const due = overdueAt(v, policy);
      return due !== undefined && due.getTime() <= now.getTime();
    })
    .filter((v) => !held.has(key(v.userName)) && !(v.userId && heldIds.has(v.userId)))
    .map((v) => v.userName);

  if (holders === null) return { attach, detach: [] };
  const untouchable = new Set([
    ...report.violations.map((v) => key(v.userName)),
    ...report.pending.map((p) => key(p.userName)),
    ...report.errors.flatMap((e) => (e.userName === null ? [] : [key(e.userName)])),
  ]);
  const uncheckedIds = new Set([
    ...report.errors.flatMap((e) => (e.userId ? [e.userId] : [])),
    ...report.violations.flatMap((v) => (v.userId ? [v.userId] : [])),
  ]);
  const judged = judgedUsers(report);
  const detach = holders
    .filter((h) => !untouchable.has(key(h.userName)) && !(h.userId && uncheckedIds.has(h.userId)))
    .filter((h) => judged === 'everyone' || judged.has(key(h.userName)))
    .map((h) => h.userName);
  return { attach, detach };
}

/** A full audit judged every user; a re-check only those it names. */
function judgedUsers(report: AuditReport): 'everyone' | ReadonlySet<string> {
  if (report.scope.kind === 'account') return 'everyone';
  return new Set(report.scope.userNames.map((n) => n.toLowerCase()));
}

/**
 * The report notes that say what enforcement did, for every alert: who was restricted (they can
 * now only enrol MFA), who was released, what failed, or in preview what `on` would do.
 */
export function enforcementNotes(e: EnforcementOutcome): string[] {
  const notes: string[] = [];
  if (e.skippedBecause) notes.push(`Enforcement (${e.mode}): ${e.skippedBecause}.`);
  if (e.mode === 'preview') {
    if (e.wouldAttach.length > 0) {
      notes.push(
        `Enforcement preview: would restrict ${e.wouldAttach.length} overdue user(s) to enrolling MFA ` +
          `(${nameList(e.wouldAttach)}). Nothing was changed.`,
      );
    }
    if (e.wouldDetach.length > 0) {
      notes.push(
        `Enforcement preview: would lift the restriction from ${e.wouldDetach.length} compliant user(s) ` +
          `(${nameList(e.wouldDetach)}). Nothing was changed.`,
      );
    }
  }
  if (e.attached.length > 0) {
    notes.push(
      `Enforced on ${nameList(e.attached)}: until they sign in with MFA they can only enrol an MFA device ` +
        `and change their password (policy ${e.policyArn} attached).`,
    );
  }
  if (e.detached.length > 0) {
    notes.push(
      `Enforcement lifted for ${nameList(e.detached)}: compliant again (policy ${e.policyArn} detached).`,
    );
  }
  if (e.failed.length > 0) {
    const first = e.failed[0] as EnforcementFailure;
    const who = [...new Set(e.failed.map((f) => f.userName ?? '(listing)'))];
    notes.push(
      `Enforcement FAILED for ${e.failed.length} operation(s) (${nameList(who)}): first ${first.operation}: ` +
        `${first.message}. Those users are not restricted or released as planned.`,
    );
  }
  return notes;
}
