import { DEFAULT_LIVE_THRESHOLD } from '../lambda/core/strategy';
import { SeededRandom } from '../tools/simulated-iam';

/**
 * The simulated organization: how many accounts, how big, how many violators, and what each account's
 * credential report looks like when it is audited. Plain data, the same on every machine.
 */
export const ORGANIZATION = {
  accounts: 1000,
  minUsers: 5,
  maxUsers: 5000,
  /** Share of violators in an ordinary account (at least one violator in every account). */
  violationShare: 0.02,
  /** One account in ten is neglected: this share of its users violate. */
  neglectedShare: 0.2,
  neglectedEvery: 10,
  /**
   * Of the accounts the engine audits from the credential report (over 100 users), the share where
   * IAM reuses a report another tool generated 2 h earlier (then 1% of users changed since): the
   * costlier case, the report refreshed live. The others have none younger than IAM's 4 h reuse
   * window, as on a daily schedule, and IAM builds one for the audit.
   */
  staleReportShare: 0.25,
  seed: 20_261_203,
} as const;

export interface OrgAccountSpec {
  /** Position in the map's item list (the order ListAccounts gave). */
  readonly index: number;
  readonly accountId: string;
  readonly users: number;
  /** Violators wanted before any drift (bench/scenario.ts: share of the users when seeded). */
  readonly violators: number;
  readonly neglected: boolean;
  readonly report: 'stale' | 'no-report';
  /** The account's own population seed, so no two accounts are alike. */
  readonly seed: number;
}

/**
 * 1,000 accounts whose sizes are log-uniform from 5 to 5,000 users: a grid evenly spaced on the log
 * scale (5 x 1000^(i/999), rounded), so the smallest has exactly 5 and the largest exactly 5,000 and
 * no draw of a seed can make the organization lighter; a seeded shuffle then gives the item order.
 * Median about 158 users, mean about 723; 10% of the accounts have over 2,500.
 */
export function organizationAccounts(org: typeof ORGANIZATION = ORGANIZATION): OrgAccountSpec[] {
  const rng = new SeededRandom(org.seed);
  const ratio = org.maxUsers / org.minUsers;
  const sizes = Array.from({ length: org.accounts }, (_, i) =>
    Math.round(org.minUsers * ratio ** (i / (org.accounts - 1))),
  );
  rng.shuffle(sizes);
  return sizes.map((users, index) => {
    const neglected = rng.int(org.neglectedEvery) === 0;
    const share = neglected ? org.neglectedShare : org.violationShare;
    // Up to the threshold `strategy: auto` audits live and never reads the report: its age is moot.
    const stale = users > DEFAULT_LIVE_THRESHOLD && rng.next() < org.staleReportShare;
    return {
      index,
      accountId: String(100_000_000_000 + index * 7_919),
      users,
      violators: Math.max(1, Math.round(share * users)),
      neglected,
      report: stale ? 'stale' : 'no-report',
      seed: org.seed + index,
    };
  });
}
