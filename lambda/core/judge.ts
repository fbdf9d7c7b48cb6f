import type { AuditError, Candidate, LiveFacts, Severity, Violation } from './types';

export interface SeverityPolicy {
  /** A password used within this many days marks an active console user: `critical`. */
  readonly criticalIfUsedWithinDays: number;
}

export const DEFAULT_SEVERITY_POLICY: SeverityPolicy = { criticalIfUsedWithinDays: 90 };

export type Judgement =
  | { readonly kind: 'compliant' }
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'error'; readonly error: AuditError };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Decides one candidate from its live facts. Only live facts decide; the report never does. */
export function judge(candidate: Candidate, facts: LiveFacts, now: Date, policy: SeverityPolicy): Judgement {
  const { user } = candidate;
  if (facts.kind === 'error') {
    return {
      kind: 'error',
      error: { userName: user.userName, operation: facts.operation, message: facts.message },
    };
  }
  // Deleted between listing and checking: it can no longer sign in.
  if (facts.kind === 'gone') return { kind: 'compliant' };
  if (!facts.loginProfile || facts.mfaSerials.length > 0) return { kind: 'compliant' };

  const severity = severityOf(user.passwordLastUsed, now, policy);
  const lastUsed = user.passwordLastUsed
    ? `last used ${isoDate(user.passwordLastUsed)}`
    : 'never used to sign in';
  const reset = facts.loginProfile.passwordResetRequired ? ', reset required at next sign-in' : '';
  return {
    kind: 'violation',
    violation: {
      userName: user.userName,
      arn: user.arn,
      userId: user.userId,
      path: user.path,
      createDate: user.createDate.toISOString(),
      passwordCreated: facts.loginProfile.createDate.toISOString(),
      passwordLastUsed: user.passwordLastUsed ? user.passwordLastUsed.toISOString() : null,
      severity,
      reason: `Console password enabled (${lastUsed}${reset}) and no MFA device assigned`,
    },
  };
}

export function severityOf(passwordLastUsed: Date | undefined, now: Date, policy: SeverityPolicy): Severity {
  if (!passwordLastUsed) return 'high';
  const ageDays = (now.getTime() - passwordLastUsed.getTime()) / DAY_MS;
  return ageDays <= policy.criticalIfUsedWithinDays ? 'critical' : 'high';
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
