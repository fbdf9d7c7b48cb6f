import type { SeedUser } from '../tools/simulated-iam';
import { mfaKind, seedPopulation, SimulatedAccount } from '../tools/simulated-iam';
import { HOUR_MS } from '../lambda/core/time';

/** What changed in the account after its credential report was generated. */
export type DriftKind = 'mfa-enabled' | 'new-user' | 'mfa-removed';

export interface ScenarioSpec {
  /** Users in the account when it is audited. */
  readonly users: number;
  /** Share of the users who violated when the report was generated (0, 0.01, 1). */
  readonly violationShare: number;
  /** `stale`: report 2 h old, then 1% drift. `no-report`: IAM must build one; no drift. */
  readonly report: 'stale' | 'no-report';
  /** The audit's start (virtual). */
  readonly now: Date;
  /** For `no-report`: how long IAM takes to build the report (an assumption). */
  readonly reportGenerationMs?: number;
  /** The population's seed (seedPopulation's default when absent): accounts of one size then differ. */
  readonly seed?: number;
  readonly accountId?: string;
}

/** Console (password) users with MFA at audit time, by the kinds of device they hold. */
export interface ConsoleMfaKinds {
  /** Virtual device only, or virtual and a passkey: ListVirtualMFADevices lists them. */
  readonly virtual: number;
  /** U2F security key or passkey only: not in ListVirtualMFADevices. */
  readonly u2f: number;
  /** Hardware TOTP token only: not in ListVirtualMFADevices. */
  readonly hardware: number;
}

export interface Scenario {
  readonly account: SimulatedAccount;
  /** Violators at audit time: console password, no MFA device. */
  readonly truth: ReadonlySet<string>;
  /**
   * Users whose MFA was removed after the report (the gap the engine used to have): the report
   * still credits them with MFA.
   */
  readonly mfaRemovedAfterReport: ReadonlySet<string>;
  readonly consoleMfaKinds: ConsoleMfaKinds;
  /** Virtual MFA devices assigned at audit time (root included): ListVirtualMFADevices pages these. */
  readonly assignedVirtualDevices: number;
  readonly drift: Readonly<Record<DriftKind, number>>;
  readonly reportGeneratedAt: Date | undefined;
}

/**
 * The benchmark's account. With a stale report, the report was generated 2 hours before the audit
 * and then 1% of users changed (at least one change of each applicable kind): a violator enabled
 * MFA (report-only flags them wrongly), a new user was created with a password and no MFA (report
 * only misses them), a console user's MFA was removed (report-only misses them; ours sees it through
 * ListVirtualMFADevices, or for a U2F/hardware user through the live check it gives every user
 * the report credits with MFA who holds no virtual device).
 */
export function buildScenario(spec: ScenarioSpec): Scenario {
  const reportAt = new Date(spec.now.getTime() - 2 * HOUR_MS);
  const changedAt = new Date(spec.now.getTime() - HOUR_MS);
  const kinds = spec.report === 'stale' ? driftKinds(spec) : [];
  const newUsers = kinds.filter((k) => k === 'new-user').length;
  const baseUsers = spec.users - newUsers;
  const population = seedPopulation({
    users: baseUsers,
    violators: Math.round(spec.violationShare * baseUsers),
    now: new Date(reportAt.getTime() - 24 * HOUR_MS),
    seed: spec.seed,
    accountId: spec.accountId,
  });
  const account = new SimulatedAccount({
    accountId: spec.accountId,
    users: population.users,
    reportGenerationMs: spec.reportGenerationMs,
  });
  if (spec.report === 'no-report') {
    return {
      account,
      truth: new Set(account.consolePasswordWithoutMfa()),
      mfaRemovedAfterReport: new Set(),
      consoleMfaKinds: consoleMfaKinds(account),
      assignedVirtualDevices: account.virtualMfaDevices('Assigned').length,
      drift: { 'mfa-enabled': 0, 'new-user': 0, 'mfa-removed': 0 },
      reportGeneratedAt: undefined,
    };
  }

  account.snapshotReport(reportAt);
  const violators = [...population.violators];
  // MFA removed alternately from a user with a virtual device (the device stays, unassigned) and
  // from a U2F/hardware-only user, so both ways of noticing the change are exercised.
  const consoleWithMfa = population.users.filter((u) => u.password && u.mfaSerials?.length);
  const hasVirtual = (u: SeedUser): boolean => (u.mfaSerials ?? []).some((s) => mfaKind(s) === 'virtual');
  const withMfa = [
    consoleWithMfa.filter(hasVirtual).map((u) => u.userName),
    consoleWithMfa.filter((u) => !hasVirtual(u)).map((u) => u.userName),
  ];
  const removed = new Set<string>();
  kinds.forEach((kind, i) => {
    if (kind === 'mfa-enabled') account.enableMfa(take(violators, kind));
    else if (kind === 'mfa-removed') {
      const [first = [], second = []] = removed.size % 2 === 0 ? withMfa : [...withMfa].reverse();
      const name = take(first.length > 0 ? first : second, kind);
      account.removeMfa(name);
      removed.add(name);
    } else account.createUser(newHire(i, new Date(changedAt.getTime() + i * 1000)));
  });
  const count = (k: DriftKind): number => kinds.filter((x) => x === k).length;
  return {
    account,
    truth: new Set(account.consolePasswordWithoutMfa()),
    mfaRemovedAfterReport: removed,
    consoleMfaKinds: consoleMfaKinds(account),
    assignedVirtualDevices: account.virtualMfaDevices('Assigned').length,
    drift: {
      'mfa-enabled': count('mfa-enabled'),
      'new-user': count('new-user'),
      'mfa-removed': count('mfa-removed'),
    },
    reportGeneratedAt: reportAt,
  };
}

/** 1% of users (at least 3 changes), spread evenly over the kinds that can happen in this account. */
function driftKinds(spec: ScenarioSpec): DriftKind[] {
  const applicable: DriftKind[] = [];
  if (spec.violationShare > 0) applicable.push('mfa-enabled');
  applicable.push('new-user');
  if (spec.violationShare < 1) applicable.push('mfa-removed');
  const changes = Math.max(3, Math.round(spec.users / 100));
  return Array.from({ length: changes }, (_, i) => applicable[i % applicable.length] as DriftKind);
}

function consoleMfaKinds(account: SimulatedAccount): ConsoleMfaKinds {
  const counts = { virtual: 0, u2f: 0, hardware: 0 };
  for (const u of account.listUsers()) {
    if (!u.password || u.mfa.length === 0) continue;
    const kinds = new Set(u.mfa.map((d) => mfaKind(d.serial)));
    if (kinds.has('virtual')) counts.virtual += 1;
    else if (kinds.has('u2f')) counts.u2f += 1;
    else counts.hardware += 1;
  }
  return counts;
}

function take(names: string[], kind: DriftKind): string {
  const name = names.shift();
  if (name === undefined) throw new Error(`no user left for a ${kind} change`);
  return name;
}

function newHire(i: number, at: Date): SeedUser {
  return { userName: `new-hire-${String(i).padStart(4, '0')}`, createDate: at, password: { created: at } };
}
