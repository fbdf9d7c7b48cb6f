import type { CredentialReportRow, RootStatus } from './types';

/**
 * The root user's MFA, judged apart from IAM users (CIS "MFA for the root user"). `mfaEnabled` is
 * always a live answer (GetAccountSummary); the report row, when read, adds the last sign-in.
 */
export function judgeRoot(mfaEnabled: boolean, row: CredentialReportRow | undefined): RootStatus {
  const used = row && /^\d{4}-/.test(row.passwordLastUsed) ? row.passwordLastUsed : null;
  return {
    arn: row?.arn ?? null,
    mfaEnabled,
    passwordLastUsed: used,
    violation: !mfaEnabled,
    severity: mfaEnabled ? null : 'critical',
    reason: mfaEnabled
      ? 'The root user has MFA enabled'
      : 'The root user has no MFA device: anyone with its password controls the whole account',
  };
}
