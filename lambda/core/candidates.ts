import type { Candidate, CandidateReason, CredentialReport, CredentialReportRow, IamUser } from './types';

/** Report timestamps are second-granular; ListUsers' are too. Allow for rounding only. */
const SAME_INSTANT_TOLERANCE_MS = 1000;

/**
 * Which listed users need a live check, given the credential report.
 *
 * The report is trusted only to *clear* users it clearly vouches for: a row for that exact user
 * (same name, ARN and creation time) that says no password, or MFA active. Everyone else, including
 * users the report has not seen yet and rows with values we do not recognise, is a candidate.
 */
export function selectCandidates(users: readonly IamUser[], report: CredentialReport): Candidate[] {
  const rowsByArn = new Map<string, CredentialReportRow>();
  for (const row of report.rows) rowsByArn.set(row.arn, row);

  const candidates: Candidate[] = [];
  for (const user of users) {
    const because = reasonToCheck(user, rowsByArn.get(user.arn), report.generatedAt);
    if (because) candidates.push({ user, because });
  }
  return candidates;
}

function reasonToCheck(
  user: IamUser,
  row: CredentialReportRow | undefined,
  generatedAt: Date,
): CandidateReason | undefined {
  if (!row) return user.createDate > generatedAt ? 'created-after-report' : 'not-in-report';
  if (row.user !== user.userName || !sameInstant(row.userCreationTime, user.createDate)) {
    return 'report-row-mismatch';
  }
  const password = asBoolean(row.passwordEnabled);
  const mfa = asBoolean(row.mfaActive);
  if (password === undefined || mfa === undefined) return 'report-row-mismatch';
  if (password && !mfa) return 'report-no-mfa';
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
  return Number.isFinite(parsed) && Math.abs(parsed - date.getTime()) < SAME_INSTANT_TOLERANCE_MS;
}
