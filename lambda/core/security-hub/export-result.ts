import type { AuditReport, FailedCall } from '../types';
import { nameList } from '../util/name-list';
import type { KeptFinding } from './sync-plan';

/** A Security Hub call or finding that failed: the finding (and its user) it concerns, when one. */
export interface SecurityHubError extends FailedCall {
  /** null when a whole call failed before any finding was named (GetFindings). */
  readonly findingId: string | null;
  /** The user the finding is about; null for the root user's finding or a whole call. */
  readonly userName: string | null;
}

/**
 * What this run did in Security Hub (the report's `securityHub`, present when the export is on).
 * - exported: every finding was imported;
 * - partial: some findings, or the read of the open ones, failed (see `errors`);
 * - failed: nothing was imported (see `errors`);
 * - skipped: nothing was asked of Security Hub (`skippedBecause` says why).
 */
export interface SecurityHubExport {
  readonly status: 'exported' | 'partial' | 'failed' | 'skipped';
  readonly accountId: string | null;
  readonly region: string | null;
  /** FAILED, ACTIVE findings imported: one per violation, plus the root user's. */
  readonly opened: number;
  /** Findings of users now compliant, imported as PASSED and ARCHIVED. */
  readonly resolved: number;
  /** Open findings left untouched: their user could not be checked by this run. */
  readonly kept: readonly KeptFinding[];
  readonly errors: readonly SecurityHubError[];
  readonly skippedBecause?: string;
}

export function skippedExport(why: string, accountId: string | null = null): SecurityHubExport {
  return {
    status: 'skipped',
    accountId,
    region: null,
    opened: 0,
    resolved: 0,
    kept: [],
    errors: [],
    skippedBecause: why,
  };
}

/** Nothing was imported: `errors` say why. */
export function failedExport(
  accountId: string | null,
  region: string | null,
  errors: readonly SecurityHubError[],
): SecurityHubExport {
  return { status: 'failed', accountId, region, opened: 0, resolved: 0, kept: [], errors };
}

/** How many users an export note names before "and N more". */
const NOTE_NAMES = 5;

/**
 * The report note for an export that did not fully succeed: alerts print notes, so the people who
 * read findings learn that Security Hub does not show all of them.
 */
export function exportNote(result: SecurityHubExport): string | undefined {
  if (result.errors.length === 0) return undefined;
  const first = result.errors[0] as SecurityHubError;
  const names = [
    ...new Set(result.errors.flatMap((e) => (e.findingId === null ? [] : [e.userName ?? 'root user']))),
  ];
  const listed = names.length ? ` for ${nameList(names, NOTE_NAMES)}` : '';
  return (
    `Security Hub export ${result.status === 'failed' ? 'failed' : 'was partial'}: ${result.errors.length} ` +
    `error(s)${listed} (first: ${first.operation}: ${first.message}). Security Hub may not match this ` +
    'audit; this report and alert do (see "securityHub.errors").'
  );
}

/** The report with `securityHub`, and a note when the export did not fully succeed. */
export function withExport(report: AuditReport, result: SecurityHubExport): AuditReport {
  const note = exportNote(result);
  return { ...report, securityHub: result, notes: note ? [...report.notes, note] : report.notes };
}
