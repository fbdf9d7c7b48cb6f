import type { Changes } from '../core/changes';
import type { AuditReport } from '../core/types';

/** SNS subjects: ASCII, no line breaks, under 100 characters. */
export const MAX_SUBJECT_LENGTH = 99;

export interface SubjectOptions {
  readonly accountAlias?: string;
  /** Set when the alert is split: adds ` [part k/n]`, which is never cut. */
  readonly part?: { readonly index: number; readonly total: number };
  /** `notify: changes` mode: says how many findings are new. */
  readonly changes?: Changes;
}

/**
 * E.g. `MFA audit: 3 console users without MFA in 123456789012 (prod-main) [part 1/2]`. When it is too
 * long the alias is shortened, then dropped, then the rest is cut; the part label always survives so
 * the parts of one alert can be told apart.
 */
export function alertSubject(report: AuditReport, options: SubjectOptions = {}): string {
  const account = report.accountId ?? 'unknown account';
  const alias = options.accountAlias ? toAscii(options.accountAlias) : '';
  const part =
    options.part && options.part.total > 1 ? ` [part ${options.part.index}/${options.part.total}]` : '';
  const n = report.summary.violations;
  const fresh = options.changes?.newViolations.length ?? 0;

  let core: string;
  let tail = '';
  if (report.status === 'failed') {
    core = `MFA audit FAILED for account ${account}`;
    tail = ': no result';
  } else if (n === 0 && report.status === 'complete' && !report.summary.rootViolation) {
    core = `MFA audit: all console users in ${account}`;
    tail = ' have MFA';
  } else if (n === 0 && report.summary.rootViolation) {
    // The root user is never counted among IAM users, but must never hide behind "0 users".
    core = `MFA audit: ROOT USER without MFA in ${account}`;
    if (report.status === 'incomplete') tail = ` (+${report.summary.errors} unchecked)`;
  } else {
    const news = fresh > 0 ? ` (${fresh} new)` : '';
    const root = report.summary.rootViolation ? ' + ROOT' : '';
    core = `MFA audit: ${n} console user${n === 1 ? '' : 's'}${root} without MFA${news} in ${account}`;
    if (report.status === 'incomplete') tail = ` (+${report.summary.errors} unchecked)`;
  }

  const variants = [
    alias ? ` (${alias})` : '',
    alias.length > 12 ? ` (${alias.slice(0, 9)}...)` : undefined,
    '',
  ].filter((v): v is string => v !== undefined);
  for (const aliasText of variants) {
    // The alias belongs to the account, before "have MFA" / ": no result".
    const text = toAscii(`${core}${aliasText}${tail}`) + part;
    if (text.length <= MAX_SUBJECT_LENGTH) return text;
  }
  const rest = toAscii(core + tail);
  return `${rest.slice(0, MAX_SUBJECT_LENGTH - part.length - 3)}...${part}`;
}

function toAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
