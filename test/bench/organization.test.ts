import { organizationAccounts, ORGANIZATION } from '../../bench/organization';
import { buildScenario } from '../../bench/scenario';
import { DEFAULT_LIVE_THRESHOLD } from '../../lambda/core/strategy';
import { VIRTUAL_EPOCH } from '../../tools/virtual-time';

describe("the bench's simulated organization", () => {
  const accounts = organizationAccounts();

  it('has 1,000 accounts spanning 5 to 5,000 users, log-uniformly, the same on every call', () => {
    expect(accounts).toHaveLength(1000);
    const sizes = accounts.map((a) => a.users).sort((a, b) => a - b);
    expect(sizes[0]).toBe(5);
    expect(sizes.at(-1)).toBe(5000);
    // Log-uniform: each decade of the range (5-50, 50-500, 500-5,000) holds a third of the accounts.
    const inDecade = (lo: number, hi: number): number => sizes.filter((s) => s >= lo && s < hi).length;
    for (const [lo, hi] of [
      [5, 50],
      [50, 500],
      [500, 5001],
    ] as const) {
      expect(Math.abs(inDecade(lo, hi) - 1000 / 3)).toBeLessThanOrEqual(2);
    }
    expect(organizationAccounts()).toEqual(accounts);
  });

  it('gives every account an id of its own, at least one violator, and a stale report only where one is read', () => {
    expect(new Set(accounts.map((a) => a.accountId)).size).toBe(1000);
    expect(accounts.every((a) => /^\d{12}$/.test(a.accountId))).toBe(true);
    expect(accounts.every((a) => a.violators >= 1 && a.violators <= a.users)).toBe(true);
    expect(accounts.filter((a) => a.report === 'stale').every((a) => a.users > DEFAULT_LIVE_THRESHOLD)).toBe(
      true,
    );
    const neglected = accounts.filter((a) => a.neglected).length;
    expect(neglected).toBeGreaterThan(50);
    expect(neglected).toBeLessThan(150);
    const big = accounts.find((a) => a.users === ORGANIZATION.maxUsers);
    expect(big?.violators).toBe(
      ORGANIZATION.maxUsers * (big?.neglected ? ORGANIZATION.neglectedShare : ORGANIZATION.violationShare),
    );
  });

  it('builds accounts of one size that differ by seed and carry their own account id', () => {
    const spec = { users: 50, violationShare: 0.1, report: 'no-report', now: VIRTUAL_EPOCH } as const;
    const a = buildScenario({ ...spec, seed: 1, accountId: '111111111111' });
    const b = buildScenario({ ...spec, seed: 2, accountId: '222222222222' });
    expect(a.truth.size).toBe(5);
    expect(b.truth.size).toBe(5);
    expect([...a.truth]).not.toEqual([...b.truth]);
    expect(a.account.listUsers()[0]?.arn).toMatch(/^arn:aws:iam::111111111111:user\//);
  });
});
