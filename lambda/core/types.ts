/**
 * Plain data shared by the engine, its adapters, the handler and the CLI.
 * Nothing here knows about the AWS SDK: adapters translate SDK shapes into these.
 */
import type { EnforcementOutcome } from './enforcement';
import type { SecurityHubExport } from './security-hub/export-result';

export type Strategy = 'auto' | 'report' | 'live';
export const STRATEGIES: readonly Strategy[] = ['auto', 'report', 'live'];

export type Severity = 'critical' | 'high';

/** An IAM user as ListUsers returns it (the authoritative set of users). */
export interface IamUser {
  readonly userName: string;
  readonly userId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  /** Last console sign-in with the password, as IAM tracks it live; undefined when never used. */
  readonly passwordLastUsed?: Date;
}

/** One row of the credential report, reduced to what the audit reads. Values are the raw strings. */
export interface CredentialReportRow {
  readonly user: string;
  readonly arn: string;
  readonly userCreationTime: string;
  readonly passwordEnabled: string;
  readonly passwordLastUsed: string;
  readonly passwordLastChanged: string;
  readonly mfaActive: string;
}

/** The credential report as IAM handed it over, before parsing. */
export interface FetchedCredentialReport {
  readonly csv: string;
  readonly generatedAt: Date;
  /**
   * This audit's own GenerateCredentialReport started the generation (state STARTED): the report
   * shows the account as it was during the audit. Otherwise IAM reused a report someone else asked
   * for, which may be hours old whatever its GeneratedTime claims.
   */
  readonly generatedForThisAudit: boolean;
}

/** A parsed credential report. */
export interface CredentialReport {
  readonly generatedAt: Date;
  readonly rows: readonly CredentialReportRow[];
  /** The `<root_account>` row, kept apart so it never mixes with IAM users. */
  readonly root?: CredentialReportRow;
  /** Records the parser could not read; the users on them go to the live check. */
  readonly unparsableRows: number;
}

/** Why a user is checked live. */
export type CandidateReason =
  | 'live-strategy'
  | 'report-no-mfa'
  | 'mfa-not-confirmed'
  | 'not-in-report'
  | 'created-after-report'
  | 'password-used-after-report'
  | 'report-row-mismatch'
  | 'requested';

export interface Candidate {
  readonly user: IamUser;
  readonly because: CandidateReason;
}

/**
 * A call that failed, as data. `message` is the whole sentence a person reads (unchanged wording);
 * the other fields say the same things for code to use, so nothing ever parses `message`.
 */
export interface FailedCall {
  /** The AWS operation (e.g. `ListUsers`), or the audit step (`TimeBudget`) that failed. */
  readonly operation: string;
  readonly message: string;
  /**
   * The error name AWS (or the SDK) gave: `AccessDenied`, `Throttling`, `TimeoutError`, ... Absent
   * when AWS answered but the answer was unusable (a listing that did not advance, an unreadable
   * response) or the failure was not a call's.
   */
  readonly code?: string;
  /** When AWS denied the call: the IAM action the caller needs, e.g. `iam:ListUserTags`. */
  readonly permission?: string;
  /** AWS's request id (the response's `$metadata`), for CloudTrail and AWS Support. */
  readonly requestId?: string;
}

export type TagsResult =
  | { readonly ok: true; readonly values: Readonly<Record<string, string>> }
  | ({ readonly ok: false } & FailedCall);

/** What the live check found about one user. */
export type LiveFacts =
  | {
      readonly kind: 'checked';
      /**
       * undefined when GetLoginProfile answered NoSuchEntity (no console password), or was not
       * asked because an assigned MFA device already settled the user.
       */
      readonly loginProfile?: { readonly createDate: Date; readonly passwordResetRequired: boolean };
      /** Serial numbers of every MFA device assigned (virtual, hardware, U2F/FIDO, passkey). */
      readonly mfaSerials: readonly string[];
      /**
       * The user's tags, read only when the user would otherwise be a violation (exemptions cost
       * nothing on compliant users).
       */
      readonly tags?: TagsResult;
    }
  | { readonly kind: 'gone' }
  | ({ readonly kind: 'error' } & FailedCall);

/**
 * Why exemption tags (`mfa-audit:exempt-until` / `mfa-audit:exempt-reason`) did not exempt a user.
 * `until` is the tag's value: trimmed, except where it is not a date (then as written).
 */
export type ExemptionRejection =
  /** `mfa-audit:exempt-reason` is set but `mfa-audit:exempt-until` is missing. */
  | { readonly why: 'until-missing' }
  | { readonly why: 'until-not-a-date'; readonly until: string }
  /** The exemption lapsed at 00:00 UTC the day after `until`. */
  | { readonly why: 'expired'; readonly until: string }
  /** `until` lies further ahead than the longest exemption allowed (`maxDays`). */
  | { readonly why: 'too-long'; readonly until: string; readonly maxDays: number }
  | { readonly why: 'reason-missing'; readonly until: string };

/**
 * A violator's exemption that did not apply: tags that were read and rejected, or tags that could
 * not be read (fail closed: an exemption nobody can read is no exemption).
 */
export type ExemptionNotApplied =
  | ({ readonly status: 'rejected' } & ExemptionRejection)
  | { readonly status: 'unreadable'; readonly error: FailedCall };

export interface Violation {
  readonly userName: string;
  readonly arn: string;
  readonly userId?: string;
  readonly path?: string;
  readonly createDate: string;
  readonly passwordCreated?: string;
  readonly passwordLastUsed: string | null;
  /** IAM will make the user choose a new password at the next console sign-in. */
  readonly passwordResetRequired: boolean;
  readonly severity: Severity;
  /** Absent when the user has no exemption tags. */
  readonly exemption?: ExemptionNotApplied;
  /**
   * The finding in one sentence, for people (part of the AuditReport contract). Rendered from the
   * fields above by `violationReason` (core/reason.ts); code reads the fields, never this.
   */
  readonly reason: string;
}

export interface Exempted {
  readonly userName: string;
  readonly arn: string;
  readonly until: string;
  readonly reason: string;
}

/** A user inside the grace period after a console password was created. */
export interface Pending {
  readonly userName: string;
  readonly arn: string;
  readonly passwordCreated: string;
  /** When the user becomes a violation unless MFA is assigned. */
  readonly deadline: string;
}

/** The account root user, judged separately and never counted among IAM users. */
export interface RootStatus {
  readonly arn: string | null;
  /** Live: GetAccountSummary's AccountMFAEnabled. */
  readonly mfaEnabled: boolean;
  /** From the credential report row when one was read. */
  readonly passwordLastUsed: string | null;
  readonly violation: boolean;
  readonly severity: Severity | null;
  readonly reason: string;
}

export interface AuditError extends FailedCall {
  /** null for an error that stopped the whole audit (listing users, reading the report). */
  readonly userName: string | null;
  /**
   * The user's ARN and IAM id, when the error is a listed user's: a renamed user keeps the id, so
   * what was said about the old name is still recognised as this unchecked user.
   */
  readonly arn?: string;
  readonly userId?: string;
}

/**
 * complete: every user judged. incomplete: some users could not be checked (see `errors`).
 * failed: the audit could not run at all (see `errors`, userName null).
 */
export type AuditStatus = 'complete' | 'incomplete' | 'failed';

/**
 * What an audit looked at. `account`: every IAM user and the root user. `users`: a re-check of named
 * users (an IAM event, or an on-demand `users` list) that judged those users only: nobody else and
 * not the root user (`root` is null), so its lists and `summary` say nothing about the rest of the
 * account.
 */
export type AuditScope =
  | { readonly kind: 'account' }
  | {
      readonly kind: 'users';
      /**
       * Every named user, once, in the order asked: as IAM spells the name when IAM has the user
       * (names are unique regardless of case), otherwise as it was asked for.
       */
      readonly userNames: readonly string[];
      /** Of `userNames`, those IAM has no user for (never created, or deleted): nothing to check. */
      readonly notFound: readonly string[];
      /**
       * Of `userNames`, those the live check found with an MFA device assigned. A named user in none
       * of the report's lists (violations, errors, pending, exempted), not here and not in `notFound`,
       * has no console password.
       */
      readonly withMfa: readonly string[];
    };

export interface AuditReport {
  readonly accountId: string | null;
  readonly checkedAt: string;
  readonly reportGeneratedAt: string | null;
  /** Age of the credential report in seconds when the audit finished; null when none was used. */
  readonly reportAgeSeconds: number | null;
  /**
   * true: this audit's own request started the report (current). false: IAM reused an older report,
   * whose MFA column the audit refreshed live. null when no report was used.
   */
  readonly reportGeneratedForThisAudit: boolean | null;
  /** The strategy that ran (`auto` resolves to `report` or `live`). */
  readonly strategy: Exclude<Strategy, 'auto'>;
  readonly requestedStrategy: Strategy;
  readonly status: AuditStatus;
  /** Whole account, or only the named users (then `summary` counts those users only). */
  readonly scope: AuditScope;
  readonly summary: {
    readonly usersScanned: number;
    readonly candidates: number;
    readonly violations: number;
    readonly exempted: number;
    readonly pending: number;
    readonly errors: number;
    /**
     * The root user has no MFA (not counted in `violations`). Always false when `root` is null: the
     * root user was not judged (a `users` scope, or its check failed; see `errors`).
     */
    readonly rootViolation: boolean;
  };
  readonly violations: readonly Violation[];
  readonly exempted: readonly Exempted[];
  readonly pending: readonly Pending[];
  /** null when the root user could not be checked (then an error names it). */
  readonly root: RootStatus | null;
  readonly errors: readonly AuditError[];
  /** Things the reader should know that are not errors (e.g. a fallback to live checks). */
  readonly notes: readonly string[];
  /** Logical API calls by operation (retries not included). */
  readonly apiCalls: Readonly<Record<string, number>>;
  /** Retried attempts by operation (throttling, transient faults). */
  readonly apiRetries: Readonly<Record<string, number>>;
  /** What this run did in Security Hub; absent when the export is off. */
  readonly securityHub?: SecurityHubExport;
  /** What enforcement planned and did; absent when it is off. */
  readonly enforcement?: EnforcementOutcome;
}
