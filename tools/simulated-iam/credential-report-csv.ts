import { REPORT_HEADER } from '../builders/iam';
/**
 * The credential report as IAM renders it: the real 22-column header, unquoted fields (IAM does
 * not quote, so a `,` in a user name breaks the row, as it does for real), ISO times with `+00:00`.
 */
export { REPORT_HEADER };

/** What one report row says, captured when the report is generated. */
export interface ReportRowFacts {
  readonly userName: string;
  readonly arn: string;
  readonly createDate: Date;
  readonly password?: { readonly created: Date; readonly lastUsed?: Date };
  readonly mfaActive: boolean;
}

const NO_KEYS_OR_CERTS = 'false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

export function reportRow(facts: ReportRowFacts): string {
  const { password } = facts;
  return [
    facts.userName,
    facts.arn,
    reportTime(facts.createDate),
    password ? 'true' : 'false',
    // IAM says `no_information` for a password never used and `N/A` when there is no password.
    password ? (password.lastUsed ? reportTime(password.lastUsed) : 'no_information') : 'N/A',
    password ? reportTime(password.created) : 'N/A',
    'N/A',
    facts.mfaActive ? 'true' : 'false',
    NO_KEYS_OR_CERTS,
  ].join(',');
}

export function rootRow(accountId: string, createDate: Date, mfaActive: boolean): string {
  return [
    '<root_account>',
    `arn:aws:iam::${accountId}:root`,
    reportTime(createDate),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    mfaActive ? 'true' : 'false',
    NO_KEYS_OR_CERTS,
  ].join(',');
}

/** `2024-05-01T10:11:12+00:00`, the report's own time format. */
export function reportTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
