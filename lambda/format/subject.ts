import type { AuditReport } from '../core/types';

/** SNS subjects: ASCII, no line breaks, under 100 characters. */
export function subjectFor(report: AuditReport): string {
  const account = report.accountId ?? 'unknown account';
  let text: string;
  if (report.status === 'failed') text = `MFA audit FAILED for account ${account}: no result`;
  else if (report.summary.violations === 0 && report.status === 'complete') {
    text = `MFA audit: all console users in ${account} have MFA`;
  } else {
    const n = report.summary.violations;
    text = `MFA audit: ${n} console user${n === 1 ? '' : 's'} without MFA in ${account}`;
    if (report.status === 'incomplete') text += ` (+${report.summary.errors} unchecked)`;
  }
  return toSubject(text);
}

export function toSubject(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length < 100 ? ascii : `${ascii.slice(0, 96)}...`;
}
