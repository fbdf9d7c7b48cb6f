import { failedCall } from './errors';
import type { ExemptionVerdict } from './exemption';
import { DEFAULT_MAX_EXEMPTION_DAYS, evaluateExemption } from './exemption';
import type {
  AuditError,
  Candidate,
  Exempted,
  LiveFacts,
  Pending,
  Severity,
  TagsResult,
  Violation,
} from './types';

export interface JudgePolicy {
  /** A password used within this many days marks an active console user: `critical`. */
  readonly criticalIfUsedWithinDays: number;
  /** A console password younger than this is `pending`, not yet a violation. 0 = strict. */
  readonly gracePeriodHours: number;
  /** Exemptions further in the future than this are rejected. */
  readonly maxExemptionDays: number;
}

export const DEFAULT_JUDGE_POLICY: JudgePolicy = {
  criticalIfUsedWithinDays: 90,
  gracePeriodHours: 0,
  maxExemptionDays: DEFAULT_MAX_EXEMPTION_DAYS,
};

export type Judgement =
  | { readonly kind: 'compliant' }
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'exempted'; readonly exempted: Exempted }
  | { readonly kind: 'pending'; readonly pending: Pending }
  | { readonly kind: 'error'; readonly error: AuditError };

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Decides one candidate from its live facts. Only live facts decide; the report never does. */
export function judge(candidate: Candidate, facts: LiveFacts, now: Date, policy: JudgePolicy): Judgement {
  const { user } = candidate;
  if (facts.kind === 'error') {
    return {
      kind: 'error',
      error: { userName: user.userName, ...failedCall(facts.operation, facts.message, facts) },
    };
  }
  // Deleted between listing and checking: it can no longer sign in.
  if (facts.kind === 'gone') return { kind: 'compliant' };
  const profile = facts.loginProfile;
  if (!profile || facts.mfaSerials.length > 0) return { kind: 'compliant' };

  const exemption = exemptionOf(facts.tags, now, policy);
  if (exemption.kind === 'valid') {
    return {
      kind: 'exempted',
      exempted: { userName: user.userName, arn: user.arn, until: exemption.until, reason: exemption.reason },
    };
  }
  const deadline = new Date(profile.createDate.getTime() + policy.gracePeriodHours * HOUR_MS);
  // 0 = strict: never pending, even when IAM's clock is a little ahead of ours.
  if (policy.gracePeriodHours > 0 && deadline > now) {
    return {
      kind: 'pending',
      pending: {
        userName: user.userName,
        arn: user.arn,
        passwordCreated: profile.createDate.toISOString(),
        deadline: deadline.toISOString(),
      },
    };
  }

  const lastUsed = user.passwordLastUsed
    ? `last used ${isoDate(user.passwordLastUsed)}`
    : 'never used to sign in';
  const reset = profile.passwordResetRequired ? ', reset required at next sign-in' : '';
  const rejected = exemption.kind === 'rejected' ? `; exemption rejected: ${exemption.why}` : '';
  return {
    kind: 'violation',
    violation: {
      userName: user.userName,
      arn: user.arn,
      userId: user.userId,
      path: user.path,
      createDate: user.createDate.toISOString(),
      passwordCreated: profile.createDate.toISOString(),
      passwordLastUsed: user.passwordLastUsed ? user.passwordLastUsed.toISOString() : null,
      severity: severityOf(user.passwordLastUsed, now, policy),
      reason: `Console password enabled (${lastUsed}${reset}) and no MFA device assigned${rejected}`,
    },
  };
}

function exemptionOf(tags: TagsResult | undefined, now: Date, policy: JudgePolicy): ExemptionVerdict {
  if (tags === undefined) return { kind: 'none' };
  // Fail closed: an exemption we cannot read is no exemption.
  if (!tags.ok) {
    return {
      kind: 'rejected',
      why: `exemption tags could not be read, so no exemption applies (${tags.operation} failed: ${tags.message})`,
    };
  }
  return evaluateExemption(tags.values, now, policy.maxExemptionDays);
}

export function severityOf(
  passwordLastUsed: Date | undefined,
  now: Date,
  policy: Pick<JudgePolicy, 'criticalIfUsedWithinDays'>,
): Severity {
  if (!passwordLastUsed) return 'high';
  const ageDays = (now.getTime() - passwordLastUsed.getTime()) / DAY_MS;
  return ageDays <= policy.criticalIfUsedWithinDays ? 'critical' : 'high';
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
