import type { AuditReport } from '../core/types';
import { formatAge } from '../alerts/text';

/** Renders rows as a fixed-width text table. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The human output of `npm run audit`: violations, errors, then a one-line summary. */
export function renderHuman(report: AuditReport): string {
  const out: string[] = [];
  if (report.violations.length > 0) {
    out.push(
      renderTable(
        ['USER', 'PATH', 'PASSWORD LAST USED', 'CREATED', 'SEVERITY'],
        report.violations.map((v) => [
          v.userName,
          v.path ?? '/',
          v.passwordLastUsed ? v.passwordLastUsed.slice(0, 10) : 'never',
          v.createDate.slice(0, 10),
          v.severity,
        ]),
      ),
      '',
    );
  }
  if (report.root?.violation)
    out.push(`ROOT USER: ${report.root.reason} (severity ${report.root.severity}).`, '');
  const section = (title: string, headers: readonly string[], rows: readonly (readonly string[])[]): void => {
    if (rows.length > 0) out.push(title, renderTable(headers, rows), '');
  };
  section(
    'In the grace period (violations after the deadline unless MFA is assigned):',
    ['USER', 'PASSWORD CREATED', 'DEADLINE'],
    report.pending.map((p) => [p.userName, p.passwordCreated, p.deadline]),
  );
  section(
    'Exempted by tag:',
    ['USER', 'UNTIL', 'REASON'],
    report.exempted.map((e) => [e.userName, e.until, e.reason]),
  );
  section(
    'Could not be checked (not counted as compliant):',
    ['USER', 'OPERATION', 'ERROR'],
    report.errors.map((e) => [e.userName ?? '(whole audit)', e.operation, e.message]),
  );
  for (const note of report.notes) out.push(`Note: ${note}`);
  out.push(summaryLine(report));
  return out.join('\n');
}

export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const account = report.accountId ?? 'unknown account';
  if (report.status === 'failed') return `FAILED: the audit of ${account} could not be completed.`;
  const age =
    report.reportAgeSeconds === null
      ? 'no credential report used, every user checked live'
      : `credential report ${formatAge(report.reportAgeSeconds)} old, findings confirmed live`;
  const verdict =
    s.violations === 0 ? 'no console user without MFA' : `${s.violations} console user(s) without MFA`;
  const unchecked = s.errors > 0 ? `, ${s.errors} could NOT be checked` : '';
  const extras = [
    s.exempted > 0 ? `${s.exempted} exempted` : '',
    s.pending > 0 ? `${s.pending} in grace period` : '',
    s.rootViolation ? 'ROOT USER WITHOUT MFA' : '',
  ].filter((x) => x !== '');
  const among =
    report.scope.kind === 'users'
      ? // A re-check of named users says nothing about the rest of the account, nor about root.
        `among the ${report.scope.userNames.length} named user(s) only` +
        (report.scope.notFound.length > 0 ? `, ${report.scope.notFound.length} of them NOT FOUND` : '')
      : `among ${s.usersScanned} users`;
  return (
    `${account}: ${verdict}${unchecked}${extras.length > 0 ? `, ${extras.join(', ')}` : ''} ${among} ` +
    `(${s.candidates} checked live, strategy ${report.strategy}; ${age}).`
  );
}
