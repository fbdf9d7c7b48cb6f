import type { AuditReport } from '../core/types';

/** A short plain-text account of a report: the body people read when no richer format applies. */
export function summaryText(report: AuditReport): string {
  const lines: string[] = [];
  const account = report.accountId ?? 'unknown account';
  if (report.status === 'failed') {
    lines.push(`The MFA audit of account ${account} could not be completed.`);
  } else {
    lines.push(
      `${report.summary.violations} IAM user(s) in account ${account} can sign in to the AWS console ` +
        'with a password and have no MFA device.',
    );
  }
  lines.push(
    `Users scanned: ${report.summary.usersScanned}; checked live: ${report.summary.candidates}; ` +
      `errors: ${report.summary.errors}. Strategy: ${report.strategy}. Checked at ${report.checkedAt}.`,
  );
  if (report.reportAgeSeconds !== null) {
    lines.push(
      `Credential report age: ${formatAge(report.reportAgeSeconds)} (every finding was confirmed live).`,
    );
  }
  for (const v of report.violations) {
    lines.push(`- [${v.severity}] ${v.userName} (${v.arn}): ${v.reason}`);
  }
  for (const e of report.errors) {
    lines.push(`- ERROR ${e.userName ?? '(audit)'}: ${e.operation}: ${e.message}`);
  }
  for (const note of report.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

export function formatAge(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  const hours = seconds / 3600;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${Math.round(hours / 24)} days`;
}
