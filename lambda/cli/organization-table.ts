import type { AccountAuditReport, OrganizationReport } from '../core/organization';
import { describeAccount } from '../core/organization';
import { renderHuman, renderTable } from './table';

/**
 * The human output of `npm run audit -- --org`: accounts not audited first, then one line per
 * account, then each account with findings in detail (its own `npm run audit` output), then a
 * one-line verdict over the organization.
 */
export function renderOrganizationHuman(report: OrganizationReport): string {
  const out: string[] = [];
  for (const e of report.errors) out.push(`FAILED: ${e.operation}: ${e.message}`);
  if (report.accounts.length > 0) {
    out.push(
      renderTable(
        ['ACCOUNT', 'NAME', 'AUDIT', 'USERS WITHOUT MFA', 'ROOT MFA', 'NOT CHECKED'],
        orderForPeople(report.accounts).map((a) => [
          a.accountId,
          a.accountName ?? '',
          a.status === 'failed' ? 'NOT AUDITED' : a.status,
          a.status === 'failed' ? '?' : String(a.summary.violations),
          a.root === null ? '?' : a.root.mfaEnabled ? 'yes' : 'NO',
          a.status === 'failed' ? 'all' : String(a.summary.errors),
        ]),
      ),
      '',
    );
  }
  for (const account of orderForPeople(report.accounts)) {
    if (account.status === 'complete' && account.summary.violations === 0 && !account.summary.rootViolation) {
      continue;
    }
    out.push(
      `== ${describeAccount({ id: account.accountId, name: account.accountName })} ==`,
      renderHuman(account),
      '',
    );
  }
  for (const note of report.notes) out.push(`Note: ${note}`);
  out.push(organizationSummaryLine(report));
  return out.join('\n');
}

/** Not audited first, then incomplete, then by users without MFA (most first), root violations before ties. */
export function orderForPeople(accounts: readonly AccountAuditReport[]): AccountAuditReport[] {
  const rank = { failed: 0, incomplete: 1, complete: 2 } as const;
  return [...accounts].sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      b.summary.violations - a.summary.violations ||
      Number(b.summary.rootViolation) - Number(a.summary.rootViolation) ||
      a.accountId.localeCompare(b.accountId),
  );
}

export function organizationSummaryLine(report: OrganizationReport): string {
  const s = report.summary;
  if (report.status === 'failed') {
    const whose = report.organizationId
      ? `the accounts of ${report.organizationId}`
      : "the organization's accounts";
    return `FAILED: ${whose} could not be listed; nothing was audited.`;
  }
  const org = report.organizationId ?? 'The named accounts';
  const notAudited = [
    s.accountsFailed > 0 ? `${s.accountsFailed} NOT audited` : '',
    s.accountsIncomplete > 0 ? `${s.accountsIncomplete} only partly audited` : '',
  ].filter((x) => x !== '');
  const verdict =
    s.violations === 0 ? 'no console user without MFA found' : `${s.violations} console user(s) without MFA`;
  const extras = [
    s.rootViolations > 0 ? `${s.rootViolations} root user(s) without MFA` : '',
    s.exempted > 0 ? `${s.exempted} exempted` : '',
    s.pending > 0 ? `${s.pending} in grace period` : '',
  ].filter((x) => x !== '');
  return (
    `${org}: ${s.accounts} account(s)${notAudited.length > 0 ? ` (${notAudited.join(', ')})` : ''}: ` +
    `${verdict}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}` +
    (s.accountsFailed + s.accountsIncomplete > 0 ? ' in the accounts audited; the others are unknown.' : '.')
  );
}
