import { nameList } from './util/name-list';
import { accountIdFromArn } from './account';
import { selectCandidates } from './candidates';
import { CredentialReportFormatError, parseCredentialReport, ROOT_ROW_USER } from './credential-report-csv';
import { describeFailure } from './errors';
import type { JudgePolicy } from './judge';
import { judge } from './judge';
import { byUrgency } from './order';
import { judgeRoot } from './root';
import { auditScope, requestedScope } from './scope';
import { resolveStrategy } from './strategy';
import type {
  AuditError,
  AuditReport,
  Candidate,
  CredentialReport,
  Exempted,
  FailedCall,
  FetchedCredentialReport,
  IamUser,
  LiveFacts,
  Pending,
  RootStatus,
  Strategy,
  Violation,
} from './types';
import { AuditDeadline, DeadlineError } from './deadline';
import type { IamPort } from './ports';
import { mapWithConcurrency } from './util/map-with-concurrency';
import { HOUR_MS } from './time';
import { userNameKey } from './user-name';

export interface AuditOptions {
  readonly strategy: Strategy;
  /** `auto` checks everyone live at or below this many users. */
  readonly liveThreshold: number;
  /** Live checks in flight at once. */
  readonly concurrency: number;
  readonly policy: JudgePolicy;
  /** Restrict the audit to these user names (checked live). */
  readonly users?: readonly string[];
  /** Known account id (e.g. from the Lambda context); otherwise read from ARNs. */
  readonly accountId?: string;
  readonly now?: () => Date;
  /**
   * The audit's hard limit (the Lambda's timeout nears): no live check starts at or after this
   * instant, checks in flight are abandoned, and so is any other IAM call still waiting. Candidates
   * not checked are reported as errors, never as compliant, and the report is returned by then.
   */
  readonly deadline?: Date;
  readonly onProgress?: (done: number, total: number) => void;
}

export async function runAudit(iam: IamPort, options: AuditOptions): Promise<AuditReport> {
  const now = options.now ?? (() => new Date());
  const deadline = new AuditDeadline(options.deadline, now);
  try {
    return await audit(deadline.bound(iam), options, now, deadline);
  } finally {
    deadline.dispose();
  }
}

async function audit(
  port: IamPort,
  options: AuditOptions,
  now: () => Date,
  deadline: AuditDeadline,
): Promise<AuditReport> {
  const checkedAt = now();
  const notes: string[] = [];

  let users: IamUser[];
  try {
    users = await port.listUsers();
  } catch (err) {
    return failed(port, options, checkedAt, describeFailure(err));
  }

  if (options.users) {
    const wanted = new Set(options.users.map(userNameKey));
    users = users.filter((u) => wanted.has(userNameKey(u.userName)));
    // One note a missing user, however often and in whatever case it was asked for.
    const scope = auditScope(options.users, users);
    for (const name of scope.kind === 'users' ? scope.notFound : []) {
      notes.push(`Requested user ${JSON.stringify(name)} does not exist; nothing to check.`);
    }
  }

  const planned = await plan(port, options, users, notes, now);
  if ('failure' in planned) return failed(port, options, checkedAt, planned.failure, users);
  return finish(port, options, { ...planned, users, notes, checkedAt, now, deadline });
}

/** IAM hands back an existing report instead of building one while it is under 4 hours old. */
export const REPORT_REUSE_WINDOW_MS = 4 * HOUR_MS;
/** Clocks differ and a download takes time: a reused report this much past the window is still IAM's. */
export const REPORT_AGE_SLACK_MS = 5 * 60 * 1000;

type Plan =
  | {
      readonly strategy: Exclude<Strategy, 'auto'>;
      readonly report: CredentialReport | undefined;
      readonly reportGeneratedForThisAudit?: boolean;
      readonly candidates: Candidate[];
    }
  | { readonly failure: FailedCall };

/** Chooses the strategy and the users to check live. */
async function plan(
  port: IamPort,
  options: AuditOptions,
  users: IamUser[],
  notes: string[],
  now: () => Date,
): Promise<Plan> {
  const everyoneLive = (because: 'live-strategy' | 'requested'): Plan => ({
    strategy: 'live',
    report: undefined,
    candidates: users.map((user) => ({ user, because })),
  });
  if (options.users) return everyoneLive('requested');
  if (resolveStrategy(options.strategy, users.length, options.liveThreshold) === 'live') {
    return everyoneLive('live-strategy');
  }

  let fetched: FetchedCredentialReport;
  let report: CredentialReport;
  try {
    fetched = await port.fetchCredentialReport();
    report = parseCredentialReport(fetched.csv, fetched.generatedAt);
  } catch (err) {
    const failure =
      err instanceof CredentialReportFormatError
        ? { operation: 'GetCredentialReport', message: err.message }
        : describeFailure(err);
    return reportUnusable(failure);
  }
  const tooOld = !fetched.generatedForThisAudit && reusedPastWindow(report.generatedAt, now());
  if (tooOld) return reportUnusable({ operation: 'GenerateCredentialReport', message: tooOld });

  if (report.unparsableRows > 0) {
    notes.push(
      `${report.unparsableRows} credential report row(s) could not be parsed; ` +
        'users not matched to a row were checked live.',
    );
  }
  // A report this audit's own request started shows the account as it is now: nothing to refresh.
  if (fetched.generatedForThisAudit) {
    return {
      strategy: 'report',
      report,
      reportGeneratedForThisAudit: true,
      candidates: selectCandidates(users, report),
    };
  }
  // IAM reused a report someone else asked for (up to 4 hours old): its MFA column may credit users
  // with MFA they no longer have. The live set of virtual devices refreshes it; without that set
  // nobody's MFA is confirmed, so every password user the report credits with MFA is checked live.
  let liveVirtualMfa: ReadonlySet<string>;
  try {
    liveVirtualMfa = await port.listVirtualMfaUsers();
  } catch (err) {
    const { operation, message } = describeFailure(err);
    notes.push(
      `${operation} failed (${message}): IAM reused a credential report generated ` +
        `${report.generatedAt.toISOString()}, so its MFA column could not be refreshed; every console ` +
        'user it credits with MFA is checked live instead (any the audit has no time for are listed under errors).',
    );
    liveVirtualMfa = new Set();
  }
  return {
    strategy: 'report',
    report,
    reportGeneratedForThisAudit: false,
    candidates: selectCandidates(users, report, liveVirtualMfa),
  };

  function reportUnusable(failure: FailedCall): Plan {
    if (options.strategy === 'report') return { failure };
    // `auto` on a large account: fail closed by checking everyone live, and say so.
    notes.push(
      `Credential report unavailable (${failure.operation}: ${failure.message}); ` +
        `every one of the ${users.length} users is checked live instead (any the audit has no time for are listed under errors).`,
    );
    return everyoneLive('live-strategy');
  }
}

/**
 * Why a report IAM reused is too old to trust, or undefined. IAM regenerates a report once it is
 * 4 hours old, so an older one means IAM could not (or did not) regenerate it: it may predate any
 * password, MFA device or deletion since, and must not clear anyone.
 */
function reusedPastWindow(generatedAt: Date, now: Date): string | undefined {
  const ageMs = now.getTime() - generatedAt.getTime();
  if (ageMs <= REPORT_REUSE_WINDOW_MS + REPORT_AGE_SLACK_MS) return undefined;
  const hours = Math.floor(ageMs / HOUR_MS);
  return (
    `IAM returned a credential report generated ${generatedAt.toISOString()} (${hours} h ago), older ` +
    "than IAM's 4-hour regeneration window; it is not trusted to clear any user"
  );
}

interface Progress {
  readonly users: IamUser[];
  readonly candidates: Candidate[];
  readonly strategy: Exclude<Strategy, 'auto'>;
  readonly report: CredentialReport | undefined;
  readonly reportGeneratedForThisAudit?: boolean;
  readonly notes: string[];
  readonly checkedAt: Date;
  readonly now: () => Date;
  readonly deadline: AuditDeadline;
}

/** What a candidate the audit had no time left for is reported as. */
const NOT_CHECKED_IN_TIME: LiveFacts = {
  kind: 'error',
  operation: 'TimeBudget',
  message: 'not checked: the audit reached its time budget before this user (see notes)',
};

/** A candidate whose check was still waiting on IAM at the deadline. */
const ABANDONED_AT_DEADLINE: LiveFacts = {
  kind: 'error',
  operation: 'TimeBudget',
  message:
    'not checked: the check was still waiting on IAM when the audit reached its time budget and was ' +
    'abandoned (see notes)',
};

async function finish(port: IamPort, options: AuditOptions, p: Progress): Promise<AuditReport> {
  let done = 0;
  let unchecked = 0;
  let abandoned = 0;
  const deadline = options.deadline;
  // Asked for at once, beside the users: root is never the check the deadline leaves out.
  const rootMfa = options.users ? undefined : settle(port.rootMfaEnabled());
  const facts = await mapWithConcurrency(p.candidates, options.concurrency, async (c) => {
    if (p.deadline.reached) {
      unchecked += 1;
      return NOT_CHECKED_IN_TIME;
    }
    const result = await port.checkUser(c.user, c.because === 'mfa-not-confirmed').catch((err: unknown) => {
      if (!(err instanceof DeadlineError)) return { kind: 'error' as const, ...describeFailure(err) };
      abandoned += 1;
      return ABANDONED_AT_DEADLINE;
    });
    options.onProgress?.(++done, p.candidates.length);
    return result;
  });
  if (deadline && unchecked + abandoned > 0) {
    const inFlight = abandoned > 0 ? `, ${abandoned} of them abandoned while waiting on IAM` : '';
    p.notes.push(
      `Stopped live checks at ${deadline.toISOString()} to finish before the function's timeout: ` +
        `${unchecked + abandoned} of ${p.candidates.length} candidates were not checked${inFlight} (listed ` +
        'under errors, not counted as compliant). IAM answered slower than the audit needs for this account: ' +
        'check them with `npm run audit` (no time limit) or invoke the function with {"users": [...]} naming them.',
    );
  }

  const errors: AuditError[] = [];
  const violations: Violation[] = [];
  const exempted: Exempted[] = [];
  const pending: Pending[] = [];
  const judgedAt = p.now();
  p.candidates.forEach((candidate, i) => {
    const verdict = judge(candidate, facts[i] as LiveFacts, judgedAt, options.policy);
    if (verdict.kind === 'violation') violations.push(verdict.violation);
    else if (verdict.kind === 'exempted') exempted.push(verdict.exempted);
    else if (verdict.kind === 'pending') pending.push(verdict.pending);
    else if (verdict.kind === 'error') errors.push(verdict.error);
  });
  violations.sort(byUrgency);
  // The judge records an exemption it could not read on the violation itself.
  const tagsUnread = violations.flatMap((v) =>
    v.exemption?.status === 'unreadable' ? [{ userName: v.userName, ...v.exemption.error }] : [],
  );
  if (tagsUnread.length > 0) p.notes.push(tagsUnreadNote(tagsUnread));
  // A re-check of named users is about those users only.
  const root = rootMfa ? await checkRoot(rootMfa, p.report, errors) : null;

  const { calls, retries } = port.apiCalls();
  const finishedAt = p.now();
  return {
    accountId: options.accountId ?? accountIdFromArn(p.users[0]?.arn ?? p.report?.root?.arn),
    checkedAt: p.checkedAt.toISOString(),
    reportGeneratedAt: p.report ? p.report.generatedAt.toISOString() : null,
    reportAgeSeconds: p.report
      ? Math.max(0, Math.round((finishedAt.getTime() - p.report.generatedAt.getTime()) / 1000))
      : null,
    reportGeneratedForThisAudit: p.reportGeneratedForThisAudit ?? null,
    strategy: p.strategy,
    requestedStrategy: options.strategy,
    status: errors.length > 0 ? 'incomplete' : 'complete',
    scope: auditScope(options.users, p.users, p.candidates, facts),
    summary: {
      usersScanned: p.users.length,
      candidates: p.candidates.length,
      violations: violations.length,
      exempted: exempted.length,
      pending: pending.length,
      errors: errors.length,
      rootViolation: root?.violation ?? false,
    },
    violations,
    exempted,
    pending,
    root,
    errors,
    notes: p.notes,
    apiCalls: calls,
    apiRetries: retries,
  };
}

/** Users reported as violations because their exemption could not be read: the safe direction, said aloud. */
function tagsUnreadNote(users: readonly { userName: string; operation: string; message: string }[]): string {
  const first = users[0] as { operation: string; message: string };
  return (
    `${first.operation} failed for ${users.length} user(s) (${nameList(users.map((u) => u.userName))}): their exemption tags ` +
    'could not be read, so they are reported as violations whether or not they are exempt ' +
    `(${first.message}).`
  );
}

type Settled<T> = { readonly ok: T } | { readonly err: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (ok) => ({ ok }),
    (err: unknown) => ({ err }),
  );
}

async function checkRoot(
  rootMfa: Promise<Settled<boolean>>,
  report: CredentialReport | undefined,
  errors: AuditError[],
): Promise<RootStatus | null> {
  const answer = await rootMfa;
  if ('ok' in answer) return judgeRoot(answer.ok, report?.root);
  errors.push({ userName: ROOT_ROW_USER, ...describeFailure(answer.err) });
  return null;
}

function failed(
  port: IamPort,
  options: AuditOptions,
  checkedAt: Date,
  failure: FailedCall,
  users: readonly IamUser[] = [],
): AuditReport {
  const { calls, retries } = port.apiCalls();
  return failedReport({
    accountId: options.accountId ?? accountIdFromArn(users[0]?.arn),
    checkedAt,
    requestedStrategy: options.strategy,
    requestedUsers: options.users,
    usersScanned: users.length,
    failure,
    apiCalls: calls,
    apiRetries: retries,
  });
}

/** The report of an audit that could not run: nobody judged, the one failure that stopped it. */
export function failedReport(input: {
  readonly accountId: string | null;
  readonly checkedAt: Date;
  readonly requestedStrategy: Strategy;
  readonly requestedUsers?: readonly string[];
  readonly usersScanned: number;
  readonly failure: FailedCall;
  readonly apiCalls: Readonly<Record<string, number>>;
  readonly apiRetries: Readonly<Record<string, number>>;
}): AuditReport {
  const { failure } = input;
  return {
    accountId: input.accountId,
    checkedAt: input.checkedAt.toISOString(),
    reportGeneratedAt: null,
    reportAgeSeconds: null,
    reportGeneratedForThisAudit: null,
    strategy: input.requestedStrategy === 'auto' ? 'report' : input.requestedStrategy,
    requestedStrategy: input.requestedStrategy,
    status: 'failed',
    scope: requestedScope(input.requestedUsers),
    summary: {
      usersScanned: input.usersScanned,
      candidates: 0,
      violations: 0,
      exempted: 0,
      pending: 0,
      errors: 1,
      rootViolation: false,
    },
    violations: [],
    exempted: [],
    pending: [],
    root: null,
    errors: [{ userName: null, ...failure }],
    notes: [
      `The audit could not be completed: ${failure.operation} failed. No user has been judged compliant.`,
    ],
    apiCalls: input.apiCalls,
    apiRetries: input.apiRetries,
  };
}
