import type { AlertState } from '../../core/alert-state';
import { readAlertState } from '../../core/alert-state';
import type { Changes } from '../../core/changes';
import { detectChanges } from '../../core/changes';
import { describeFailure } from '../../core/errors';
import type { AccountAuditReport, OrganizationReport } from '../../core/organization';
import type { StateStore } from '../../core/ports';
import { mapWithConcurrency } from '../../core/util/map-with-concurrency';
import type { AccountListing, OrganizationChanges } from './org-context';

/**
 * `notify: changes` for an organization: each account keeps its own state (the single-account
 * state, under its own key) and `detectChanges` compares each account with it. What differs from a
 * single account is the digest, which works per organization:
 *
 * - The organization's digest is due when any account's last digest (its state's `lastDigestAt`)
 *   is a digest period old. Then the alert lists every account in full, and every account's
 *   `lastDigestAt` becomes this run's time, so all accounts share one digest clock: one digest a
 *   period for the whole organization, never one per account.
 * - Between digests the alert lists only what changed, and no account's `lastDigestAt` moves (a
 *   changes-only alert did not repeat its open findings).
 * - An account seen for the first time (no state, or a state that could not be read) is listed in
 *   full, everything in it new, and joins the organization's clock at this run; it never makes the
 *   digest due by itself, so a new account does not re-send every other account's findings.
 * - An account whose state could not be loaded is listed in full with nothing marked new, and its
 *   state is left alone (the store failed; the next run compares with what it holds).
 */
export interface TrackedOrganization {
  readonly changes: OrganizationChanges;
  /** Something changed somewhere, an account is not audited or has unchecked users, or the digest is due. */
  readonly publish: boolean;
  readonly changesByAccount: Readonly<Record<string, Changes>>;
  /** Stores every account's next state; call only after every part was published (or when quiet). */
  readonly save: () => Promise<void>;
}

export interface TrackOptions {
  readonly digestEveryDays: number;
  readonly stateFor: (accountId: string) => StateStore;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
  /** State stores read and written at once. */
  readonly concurrency: number;
}

type Tracked =
  | {
      readonly loaded: true;
      readonly account: AccountAuditReport;
      readonly store: StateStore;
      readonly previous: AlertState;
      readonly changes: Changes;
      readonly next: AlertState;
    }
  | { readonly loaded: false; readonly account: AccountAuditReport };

export async function trackOrganizationChanges(
  report: OrganizationReport,
  options: TrackOptions,
): Promise<TrackedOrganization> {
  const now = new Date(report.checkedAt);
  const tracked = await mapWithConcurrency(report.accounts, options.concurrency, (account) =>
    track(account, now, options),
  );
  const fresh = (t: Tracked): boolean => t.loaded && t.previous.lastDigestAt === null;
  const digest =
    options.digestEveryDays > 0 && tracked.some((t) => t.loaded && !fresh(t) && t.changes.digestDue);

  const accounts = new Map<string, AccountListing>();
  for (const t of tracked) {
    accounts.set(
      t.account.accountId,
      t.loaded
        ? { changes: t.changes, listing: digest || fresh(t) ? 'full' : 'changes' }
        : { listing: 'full' },
    );
  }
  const publish = digest || tracked.some((t) => (t.loaded ? newsworthy(t.changes) : hasFindings(t.account)));

  const save = async (): Promise<void> => {
    const failures: string[] = [];
    await mapWithConcurrency(tracked, options.concurrency, async (t) => {
      if (!t.loaded) return;
      const startsClock = fresh(t) && !t.changes.auditFailed;
      const lastDigestAt = digest || startsClock ? now.toISOString() : t.previous.lastDigestAt;
      try {
        await t.store.save({ ...t.next, lastDigestAt });
      } catch (err) {
        failures.push(`${t.account.accountId}: ${describeFailure(err).message}`);
      }
    });
    if (failures.length > 0) {
      // Published already: these accounts are alerted again next run (their state is older), never lost.
      throw new Error(
        `alert state of ${failures.length} account(s) could not be saved: ${failures.slice(0, 10).join('; ')}` +
          (failures.length > 10 ? `; and ${failures.length - 10} more` : ''),
      );
    }
  };
  const changesByAccount = Object.fromEntries(
    tracked.flatMap((t) => (t.loaded ? [[t.account.accountId, t.changes]] : [])),
  );
  return { changes: { digest, accounts }, publish, changesByAccount, save };
}

async function track(account: AccountAuditReport, now: Date, options: TrackOptions): Promise<Tracked> {
  const store = options.stateFor(account.accountId);
  let raw: unknown;
  try {
    raw = await store.load();
  } catch (err) {
    // Never silent: without the account's last result, everything in it is listed.
    options.warn('alert state unavailable; alerting on everything in the account', {
      accountId: account.accountId,
      error: describeFailure(err),
    });
    return { loaded: false, account };
  }
  const { state, problem } = readAlertState(raw);
  if (problem) options.warn(problem, { accountId: account.accountId });
  if (state.checkedAt !== undefined && Date.parse(state.checkedAt) > Date.parse(account.checkedAt)) {
    // An IAM-event re-check of this account ran after this run audited it (accounts wait their turn
    // in the map): its state knows more than this report. Comparing would call a user the re-check
    // found violating "resolved", or announce one it found fixed as new. Listed in full, state kept.
    options.warn('alert state is newer than the account report; listing the account in full', {
      accountId: account.accountId,
      stateCheckedAt: state.checkedAt,
      reportCheckedAt: account.checkedAt,
    });
    return { loaded: false, account };
  }
  const { changes, next } = detectChanges(state, account, { digestEveryDays: options.digestEveryDays, now });
  return { loaded: true, account, store, previous: state, changes, next };
}

/** What `changes` mode never keeps quiet about (see shouldPublish), the digest aside. */
function newsworthy(c: Changes): boolean {
  return (
    c.auditFailed ||
    c.newViolations.length > 0 ||
    c.resolved.length > 0 ||
    c.unchecked > 0 ||
    c.securityHubErrors > 0 ||
    c.rootChanged
  );
}

/** An account without state is news when listing it in full shows anything at all. */
function hasFindings(a: AccountAuditReport): boolean {
  return a.status !== 'complete' || a.summary.violations > 0 || a.summary.rootViolation;
}
