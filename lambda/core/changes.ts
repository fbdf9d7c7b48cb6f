import type { AlertState, OpenFinding } from './alert-state';
import { encodeAlertState, openFindings } from './alert-state';
import type { AuditReport, Violation } from './types';
import { DAY_MS, HOUR_MS } from './time';
import { userNameKey } from './user-name';

/** `always`: publish every run. `changes`: publish when something changed, and a digest now and then. */
export type NotifyMode = 'always' | 'changes';

export const DEFAULT_DIGEST_EVERY_DAYS = 7;

/**
 * Scheduled runs drift by seconds to minutes; without slack a weekly digest due at 06:00:03 would
 * slip a whole day when the run starts at 06:00:01.
 */
export const DIGEST_SLACK_MS = HOUR_MS;

export interface ChangeOptions {
  /** Publish the full list at least this often even when nothing changed. 0 turns digests off. */
  readonly digestEveryDays?: number;
  /** The time of this run; defaults to the report's `checkedAt`. */
  readonly now?: Date;
}

/** A finding open at the previous run that is no longer a violation. */
export interface ResolvedFinding extends OpenFinding {
  /**
   * compliant: MFA assigned, console password removed, or user deleted. exempted: a valid exemption
   * tag now applies. pending: a new console password inside the grace period.
   */
  readonly outcome: 'compliant' | 'exempted' | 'pending';
}

export interface Changes {
  /** The audit could not run: nothing below was judged and the state is unchanged. */
  readonly auditFailed: boolean;
  /** Violations not open at the previous run. */
  readonly newViolations: readonly Violation[];
  /** Violations that were already open. */
  readonly stillOpen: readonly Violation[];
  readonly resolved: readonly ResolvedFinding[];
  /**
   * Open at the previous run but not judged this time (the user could not be checked, or was outside
   * a partial audit). Neither new nor resolved: kept open, because we could not look.
   */
  readonly unknown: readonly OpenFinding[];
  /** First sighting of every finding still open (new, still open, unknown), by ARN. */
  readonly firstSeen: Readonly<Record<string, string>>;
  /** Users this run could not check (`report.errors`): always worth telling someone. */
  readonly unchecked: number;
  /**
   * Findings this run could not put in Security Hub (`report.securityHub.errors`): Security Hub
   * then shows less than this audit found, which someone must hear about.
   */
  readonly securityHubErrors: number;
  /** Users enforcement restricted or released this run, and its failures: each one is news. */
  readonly enforcementEvents: number;
  /** The root user's MFA verdict differs from the last run that could check it. */
  readonly rootChanged: boolean;
  /**
   * The root user's verdict after this run: this run's when it judged the root user, else the last
   * one stored (a re-check of named users never judges root); null when no run has judged it yet.
   */
  readonly rootViolation: boolean | null;
  /** Nothing else may have changed, but the full list has not gone out for a digest period. */
  readonly digestDue: boolean;
}

/**
 * Compares a report with the state the previous run left. Returns what changed and the state to
 * store. Save `next` only after the alert (if any) was published, so a failed publish is retried.
 *
 * Rules: a failed audit changes nothing (nothing is resolved because we could not look); a user in
 * `report.errors` is neither new nor resolved; resolved = open before, not a violation now, and not
 * among the errors. Every published alert of a full audit lists every open finding, so it also counts as the
 * digest and restarts the digest period.
 */
export function detectChanges(
  previous: AlertState,
  report: AuditReport,
  options: ChangeOptions = {},
): { readonly changes: Changes; readonly next: AlertState } {
  const digestEveryDays = options.digestEveryDays ?? DEFAULT_DIGEST_EVERY_DAYS;
  if (!Number.isFinite(digestEveryDays) || digestEveryDays < 0) {
    throw new RangeError(`digestEveryDays must be a number of days >= 0; got ${digestEveryDays}`);
  }
  if (report.status === 'failed') {
    return {
      changes: {
        auditFailed: true,
        newViolations: [],
        stillOpen: [],
        resolved: [],
        unknown: [...openFindings(previous).values()],
        firstSeen: {},
        unchecked: report.errors.length,
        securityHubErrors: 0,
        enforcementEvents: 0,
        rootChanged: false,
        rootViolation: previous.rootViolation,
        digestDue: false,
      },
      next: previous,
    };
  }

  const now = options.now ?? new Date(report.checkedAt);
  const seenAt = report.checkedAt;
  const before = openFindings(previous);
  const erroredNames = new Set(report.errors.map((e) => e.userName).filter((n): n is string => n !== null));
  const audited = auditedNames(report);
  const exempted = new Set(report.exempted.map((e) => e.arn));
  const pending = new Set(report.pending.map((p) => p.arn));

  const newViolations: Violation[] = [];
  const stillOpen: Violation[] = [];
  const open: OpenFinding[] = [];
  const nowOpen = new Set<string>();
  for (const v of report.violations) {
    if (nowOpen.has(v.arn)) continue;
    nowOpen.add(v.arn);
    const known = before.get(v.arn);
    (known ? stillOpen : newViolations).push(v);
    open.push({ arn: v.arn, userName: v.userName, firstSeen: known?.firstSeen ?? seenAt });
  }

  const resolved: ResolvedFinding[] = [];
  const unknown: OpenFinding[] = [];
  for (const finding of before.values()) {
    if (nowOpen.has(finding.arn)) continue;
    const notJudged =
      erroredNames.has(finding.userName) ||
      (audited !== undefined && !audited.has(userNameKey(finding.userName)));
    if (notJudged) {
      unknown.push(finding);
      open.push(finding);
    } else {
      const outcome = exempted.has(finding.arn)
        ? 'exempted'
        : pending.has(finding.arn)
          ? 'pending'
          : 'compliant';
      resolved.push({ ...finding, outcome });
    }
  }

  // The root user is judged only on full audits; null means this run did not (or could not) look.
  const rootNow = report.root ? report.root.violation : null;
  const rootChanged =
    rootNow !== null && (previous.rootViolation === null ? rootNow : rootNow !== previous.rootViolation);

  // A partial re-check lists only the users it covered: it is no digest, and never due for one.
  const digestDue =
    audited === undefined &&
    digestEveryDays > 0 &&
    (previous.lastDigestAt === null ||
      now.getTime() - Date.parse(previous.lastDigestAt) >= digestEveryDays * DAY_MS - DIGEST_SLACK_MS);

  const changes: Changes = {
    auditFailed: false,
    newViolations,
    stillOpen,
    resolved,
    unknown,
    firstSeen: Object.fromEntries(open.map((f) => [f.arn, f.firstSeen])),
    unchecked: report.errors.length,
    securityHubErrors: report.securityHub?.errors.length ?? 0,
    enforcementEvents: report.enforcement
      ? report.enforcement.attached.length +
        report.enforcement.detached.length +
        report.enforcement.failed.length
      : 0,
    rootChanged,
    rootViolation: rootNow ?? previous.rootViolation,
    digestDue,
  };
  const listedEverything = audited === undefined && shouldPublish('changes', changes);
  return {
    changes,
    next: encodeAlertState(
      open,
      listedEverything ? now.toISOString() : previous.lastDigestAt,
      rootNow ?? previous.rootViolation,
      latest(previous.checkedAt, report.checkedAt),
    ),
  };
}

function latest(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}

/**
 * The names a re-check of named users covered (its `scope`), by name key; undefined for a
 * whole-account audit. Every other open finding is unknown this time and stays open.
 */
function auditedNames(report: AuditReport): Set<string> | undefined {
  return report.scope.kind === 'users' ? new Set(report.scope.userNames.map(userNameKey)) : undefined;
}

/** What is open in the account after this run, as far as the state knows. */
export interface OpenAfterRun {
  /** IAM users with an open finding: new, still open, or kept open because not re-checked. */
  readonly users: number;
  /** The root user's verdict (see `Changes.rootViolation`). */
  readonly root: boolean | null;
}

export function openAfterRun(changes: Changes): OpenAfterRun {
  return {
    users: changes.newViolations.length + changes.stillOpen.length + changes.unknown.length,
    root: changes.rootViolation,
  };
}

/**
 * Whether this run's alert goes out. `changes` still always reports a failed audit, users that
 * could not be checked and findings that did not reach Security Hub: staying quiet then would read
 * as "all fine".
 */
export function shouldPublish(mode: NotifyMode, changes: Changes): boolean {
  if (mode === 'always') return true;
  return (
    changes.auditFailed ||
    changes.newViolations.length > 0 ||
    changes.resolved.length > 0 ||
    changes.unchecked > 0 ||
    changes.securityHubErrors > 0 ||
    changes.enforcementEvents > 0 ||
    changes.rootChanged ||
    changes.digestDue
  );
}
