import type { Candidate, CandidateReason, CredentialReport, CredentialReportRow, IamUser } from './types';

/**
 * Report timestamps are truncated to the second while ListUsers' may be rounded to it: the same
 * instant can read up to one second apart. Allow for that only.
 */
const SAME_INSTANT_TOLERANCE_MS = 1000;

/**
 * Which listed users need a live check, given the credential report.
 *
 * The report is trusted only to *clear* users it clearly vouches for: a row for that exact user
 * (same name, ARN and creation time) that says no password, or MFA active. Everyone else, including
 * users the report has not seen yet and rows with values we do not recognise, is a candidate.
 *
 * `liveVirtualMfa` (ARNs with a virtual MFA device assigned now) refreshes the report's `mfa_active`:
 * a password user the report credits with MFA but who holds no virtual device now is a candidate
 * (`mfa-not-confirmed`: MFA removed since the report, or a hardware/U2F device the live check will
 * find), and a user the report shows without MFA who holds one now is cleared. Without it, the
 * report's word stands (the documented residual gap).
 */
export function selectCandidates(
  users: readonly IamUser[],
  report: CredentialReport,
  liveVirtualMfa?: ReadonlySet<string>,
): Candidate[] {
  const rowsByArn = new Map<string, CredentialReportRow>();
  for (const row of report.rows) rowsByArn.set(row.arn, row);

  const candidates: Candidate[] = [];
  for (const user of users) {
    const because = reasonToCheck(user, rowsByArn.get(user.arn), report.generatedAt, liveVirtualMfa);
    if (because) candidates.push({ user, because });
  }
  return candidates;
}

function reasonToCheck(
  user: IamUser,
  row: CredentialReportRow | undefined,
  generatedAt: Date,
  liveVirtualMfa: ReadonlySet<string> | undefined,
): CandidateReason | undefined {
  if (!row) return user.createDate > generatedAt ? 'created-after-report' : 'not-in-report';
  if (row.user !== user.userName || !sameInstant(row.userCreationTime, user.createDate)) {
    return 'report-row-mismatch';
  }
  const password = asBoolean(row.passwordEnabled);
  const mfa = asBoolean(row.mfaActive);
  if (password === undefined || mfa === undefined) return 'report-row-mismatch';
  // A virtual device assigned now is MFA now, whatever the older report says: the user fixed it.
  if (password && !mfa) return liveVirtualMfa?.has(user.arn) ? undefined : 'report-no-mfa';
  if (password && liveVirtualMfa && !liveVirtualMfa.has(user.arn)) return 'mfa-not-confirmed';
  // IAM records console sign-ins live: one after the report means a password exists now.
  if (!password && user.passwordLastUsed && user.passwordLastUsed > generatedAt) {
    return 'password-used-after-report';
  }
  return undefined;
}

function asBoolean(value: string): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function sameInstant(reportTime: string, date: Date): boolean {
  const parsed = Date.parse(reportTime);
  return Number.isFinite(parsed) && Math.abs(parsed - date.getTime()) <= SAME_INSTANT_TOLERANCE_MS;
}
