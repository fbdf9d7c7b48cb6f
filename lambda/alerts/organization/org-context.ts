import type { Changes } from '../../core/changes';

/** How much of one account an organization alert lists. */
export interface AccountListing {
  /**
   * What changed in the account since the last run (its own stored state). Absent when the state
   * could not be loaded: the account is then listed in full, with nothing marked new.
   */
  readonly changes?: Changes;
  /**
   * full: every open finding of the account (the digest, a first run, an unreadable or unavailable
   * state). changes: only what changed (new and resolved users, root changes, unchecked users).
   */
  readonly listing: 'full' | 'changes';
}

/** `notify: changes` mode: what the organization alert is about, per account. */
export interface OrganizationChanges {
  /** This alert is the periodic digest: every account is listed in full. */
  readonly digest: boolean;
  /** By account id. An account missing here is listed in full. */
  readonly accounts: ReadonlyMap<string, AccountListing>;
}

/** What the organization alert renderers know beyond the report. Every field is optional. */
export interface OrganizationAlertContext {
  /** The role assumed in member accounts (settings.memberRoleName), named when it could not be assumed. */
  readonly memberRoleName?: string;
  /** The organization run's state machine, for the re-run command of a failure notice. */
  readonly stateMachineArn?: string;
  /** `notify: changes` mode; absent in `always` mode (every account listed in full). */
  readonly changes?: OrganizationChanges;
  /** Bytes one published message may use (Message + Subject). Default 240 KiB; tests lower it. */
  readonly budgetBytes?: number;
}

/** An account's listing in this alert: full unless `changes` mode says otherwise. */
export function listingOf(ctx: OrganizationAlertContext, accountId: string): AccountListing {
  return ctx.changes?.accounts.get(accountId) ?? { listing: 'full' };
}
