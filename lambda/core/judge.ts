import { failedCall } from './errors';
import { DEFAULT_MAX_EXEMPTION_DAYS, evaluateExemption } from './exemption';
import { violationReason } from './reason';
import type {
  AuditError,
  Candidate,
  Exempted,
  ExemptionNotApplied,
  LiveFacts,
  Pending,
  Severity,
  TagsResult,
  Violation,
} from './types';
import { DAY_MS, HOUR_MS } from './time';

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

/** Decides one candidate from its live facts. Only live facts decide; the report never does. */
export function judge(candidate: Candidate, facts: LiveFacts, now: Date, policy: JudgePolicy): Judgement {
  const { user } = candidate;
  if (facts.kind === 'error') {
    return {
      kind: 'error',
      error: {
        userName: user.userName,
        arn: user.arn,
        userId: user.userId,
        ...failedCall(facts.operation, facts.message, facts),
      },
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

  const found: Omit<Violation, 'reason'> = {
    userName: user.userName,
    arn: user.arn,
    userId: user.userId,
    path: user.path,
    createDate: user.createDate.toISOString(),
    passwordCreated: profile.createDate.toISOString(),
    passwordLastUsed: user.passwordLastUsed ? user.passwordLastUsed.toISOString() : null,
    passwordResetRequired: profile.passwordResetRequired,
    severity: severityOf(user.passwordLastUsed, now, policy),
    ...(exemption.kind === 'not-applied' ? { exemption: exemption.exemption } : {}),
  };
  return { kind: 'violation', violation: { ...found, reason: violationReason(found) } };
}

type Exemption =
  | { readonly kind: 'none' }
  | { readonly kind: 'valid'; readonly until: string; readonly reason: string }
  | { readonly kind: 'not-applied'; readonly exemption: ExemptionNotApplied };

function exemptionOf(tags: TagsResult | undefined, now: Date, policy: JudgePolicy): Exemption {
  if (tags === undefined) return { kind: 'none' };
  // Fail closed: an exemption we cannot read is no exemption.
  if (!tags.ok) {
    return {
      kind: 'not-applied',
      exemption: { status: 'unreadable', error: failedCall(tags.operation, tags.message, tags) },
    };
  }
  const verdict = evaluateExemption(tags.values, now, policy.maxExemptionDays);
  if (verdict.kind !== 'rejected') return verdict;
  return { kind: 'not-applied', exemption: { status: 'rejected', ...verdict.rejection } };
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
