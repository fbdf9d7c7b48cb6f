import type { OrganizationReport } from '../../core/organization';
import { MAX_SUBJECT_LENGTH } from '../subject';
import type { OrganizationChanges } from './org-context';
import { plural } from '../text';
import { accountsWithViolations, allClear, changeFigures, uncheckedUsers } from './org-summary';

/**
 * E.g. `MFA audit o-abc123def4: 57 users + 2 ROOT without MFA in 12/40 accounts; 3 accounts NOT
 * audited [part 1/3]`. Under 100 ASCII characters: longer wordings give way to shorter ones, and the
 * part label always survives so the parts of one alert can be told apart.
 */
export function organizationSubject(
  report: OrganizationReport,
  options: {
    readonly part?: { readonly index: number; readonly total: number };
    readonly changes?: OrganizationChanges;
  } = {},
): string {
  const part =
    options.part && options.part.total > 1 ? ` [part ${options.part.index}/${options.part.total}]` : '';
  const max = MAX_SUBJECT_LENGTH - part.length;
  const wordings = subjectWordings(report, options.changes).map(toAscii);
  const fits = wordings.find((w) => w.length <= max);
  const last = wordings[wordings.length - 1] ?? 'MFA audit';
  return (fits ?? `${last.slice(0, max - 3)}...`) + part;
}

function subjectWordings(report: OrganizationReport, changes: OrganizationChanges | undefined): string[] {
  const s = report.summary;
  const org = report.organizationId ?? 'org';
  if (report.status === 'failed') {
    return [
      `MFA audit FAILED for organization ${org}: no account audited`,
      `MFA audit FAILED: ${org}: nothing audited`,
    ];
  }
  if (s.accounts === 0) return [`MFA audit ${org}: no ACTIVE account to audit, nothing checked`];
  if (allClear(report)) {
    return [
      `MFA audit: all console users and root users in ${s.accounts} accounts of ${org} have MFA`,
      `MFA audit ${org}: all ${s.accounts} accounts have MFA`,
    ];
  }
  const fresh = changes ? changeFigures(changes).fresh : 0;
  const news = changes && fresh > 0 ? ` (${fresh} new)` : '';
  const root = s.rootViolations > 0 ? ` + ${s.rootViolations} ROOT` : '';
  const where = `${accountsWithViolations(report)}/${s.accounts} accounts`;
  const unchecked = uncheckedUsers(report);
  const gaps = [
    s.accountsFailed > 0 ? `${plural(s.accountsFailed, 'account')} NOT audited` : '',
    unchecked > 0 ? `${plural(unchecked, 'user')} unchecked` : '',
  ].filter((x) => x !== '');
  const tail = gaps.length > 0 ? `; ${gaps.join(', ')}` : '';
  const shortGaps = [
    s.accountsFailed > 0 ? `${s.accountsFailed} NOT audited` : '',
    unchecked > 0 ? `${unchecked} unchecked` : '',
  ].filter((x) => x !== '');
  const shortTail = shortGaps.length > 0 ? `; ${shortGaps.join(', ')}` : '';
  return [
    `MFA audit ${org}: ${s.violations} users${root} without MFA${news} in ${where}${tail}`,
    `MFA audit ${org}: ${s.violations} users${root} without MFA${news} in ${where}${shortTail}`,
    `MFA audit ${org}: ${s.violations} users${root} without MFA${news}${shortTail}`,
    `MFA ${org}: ${s.violations} users${root} no MFA${news}${shortTail}`,
  ];
}

function toAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
