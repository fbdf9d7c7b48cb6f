import type { Clock } from './clock';
import { globalClock } from './clock';
import { REPORT_HEADER, reportRow, rootRow } from './credential-report-csv';
import type { MfaKind } from './mfa-devices';
import { mfaKind, rootVirtualMfaSerial, virtualMfaSerial } from './mfa-devices';

/** One IAM user as a test or benchmark seeds it: the ground truth the audit is checked against. */
export interface SeedUser {
  readonly userName: string;
  /** Defaults to `/`. */
  readonly path?: string;
  readonly createDate: Date;
  /** A console password (login profile); absent for programmatic-only users. */
  readonly password?: { readonly created: Date; readonly lastUsed?: Date; readonly resetRequired?: boolean };
  /**
   * Serial numbers of assigned MFA devices; the serial tells the kind (see mfa-devices.ts): virtual
   * `arn:aws:iam::ACCOUNT:mfa/NAME`, U2F/passkey `arn:aws:iam::ACCOUNT:u2f/user/USER/...`, hardware
   * anything else (`GAHT...`).
   */
  readonly mfaSerials?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
}

export interface UserState {
  readonly userName: string;
  readonly userId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  password?: { created: Date; lastUsed?: Date; resetRequired: boolean };
  mfa: { serial: string; enabled: Date }[];
  tags: { key: string; value: string }[];
}

export interface AccountOptions {
  readonly accountId?: string;
  readonly users?: readonly SeedUser[];
  readonly rootMfa?: boolean;
  /** The kind of the root user's device when `rootMfa` (default virtual, listed by ListVirtualMFADevices). */
  readonly rootMfaKind?: MfaKind;
  readonly aliases?: readonly string[];
  /** How long IAM takes to build a report once GenerateCredentialReport has started one. */
  readonly reportGenerationMs?: number;
  readonly clock?: Clock;
}

/** One virtual MFA device as ListVirtualMFADevices describes it. */
export interface VirtualMfaDevice {
  readonly serial: string;
  /** The user it is assigned to; `root` for the root user's device; absent when unassigned. */
  readonly assignedTo?: UserState | 'root';
  readonly enabled?: Date;
}

export type VirtualMfaAssignment = 'Assigned' | 'Unassigned' | 'Any';

export type ReportRead =
  | { readonly kind: 'ready'; readonly csv: string; readonly generatedAt: Date }
  | { readonly kind: 'not-present' | 'in-progress' | 'expired' };

interface ReportSnapshot {
  readonly generatedAt: Date;
  readonly root: string;
  /** Keyed by lower-case user name; the value is the rendered CSV line. */
  readonly rows: Map<string, string>;
}

/** IAM reuses a report younger than this instead of generating a new one. */
export const REPORT_REUSE_MS = 4 * 60 * 60 * 1000;

const ROOT_CREATED = new Date('2015-01-01T00:00:00Z');

/**
 * The state of one simulated AWS account's IAM users (the truth) and of its credential report (a
 * snapshot of the truth when it was generated, which later changes do not touch). User names are
 * unique without regard to case, as in IAM.
 */
export class SimulatedAccount {
  readonly accountId: string;
  readonly aliases: readonly string[];
  rootMfa: boolean;
  readonly rootMfaKind: MfaKind;
  private readonly clock: Clock;
  private readonly generationMs: number;
  private readonly users = new Map<string, UserState>();
  private sorted: UserState[] | undefined;
  /**
   * Every virtual MFA device in the account (an account-level entity, unlike U2F and hardware
   * devices): serial to the lower-case name of the user it is assigned to, undefined if unassigned.
   */
  private readonly virtualDevices = new Map<string, string | undefined>();
  private report: ReportSnapshot | undefined;
  private generating: { readonly readyAt: number; readonly snapshot: ReportSnapshot } | undefined;
  private nextId = 1;

  constructor(options: AccountOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    this.aliases = options.aliases ?? [];
    this.rootMfa = options.rootMfa ?? true;
    this.rootMfaKind = options.rootMfaKind ?? 'virtual';
    this.clock = options.clock ?? globalClock;
    this.generationMs = options.reportGenerationMs ?? 0;
    for (const seed of options.users ?? []) this.createUser(seed);
  }

  // --- changes to the truth -------------------------------------------------------------------

  createUser(seed: SeedUser): UserState {
    const key = seed.userName.toLowerCase();
    if (this.users.has(key)) throw new Error(`user ${seed.userName} already exists`);
    for (const serial of seed.mfaSerials ?? []) this.assignVirtual(serial, key);
    const path = seed.path ?? '/';
    const user: UserState = {
      userName: seed.userName,
      userId: `AIDA${(this.nextId++).toString(36).toUpperCase().padStart(17, 'Q')}`,
      arn: `arn:aws:iam::${this.accountId}:user${path}${seed.userName}`,
      path,
      createDate: seed.createDate,
      password: seed.password && { resetRequired: false, ...seed.password },
      mfa: (seed.mfaSerials ?? []).map((serial) => ({ serial, enabled: seed.createDate })),
      tags: Object.entries(seed.tags ?? {}).map(([key, value]) => ({ key, value })),
    };
    this.users.set(key, user);
    this.sorted = undefined;
    return user;
  }

  /** Deletes the user, first deactivating its MFA devices as IAM requires (virtual ones stay, unassigned). */
  deleteUser(userName: string): void {
    this.removeMfa(userName);
    this.users.delete(userName.toLowerCase());
    this.sorted = undefined;
  }

  /**
   * EnableMFADevice: assigns a device to the user, by default a virtual device named after the user
   * (created if it does not exist yet). A virtual device can be assigned to one user only.
   */
  enableMfa(userName: string, serial = virtualMfaSerial(this.accountId, userName)): void {
    const user = this.mustGet(userName);
    if (user.mfa.some((d) => d.serial === serial))
      throw new Error(`${serial} is already enabled for ${userName}`);
    this.assignVirtual(serial, user.userName.toLowerCase());
    user.mfa.push({ serial, enabled: new Date(this.clock.now()) });
  }

  /** DeactivateMFADevice: detaches one device; a virtual device stays in the account, unassigned. */
  deactivateMfa(userName: string, serial: string): void {
    const user = this.mustGet(userName);
    if (!user.mfa.some((d) => d.serial === serial))
      throw new Error(`${serial} is not enabled for ${userName}`);
    user.mfa = user.mfa.filter((d) => d.serial !== serial);
    if (this.virtualDevices.has(serial)) this.virtualDevices.set(serial, undefined);
  }

  /** Deactivates every MFA device of the user (virtual ones stay in the account, unassigned). */
  removeMfa(userName: string): void {
    for (const { serial } of [...this.mustGet(userName).mfa]) this.deactivateMfa(userName, serial);
  }

  /** CreateVirtualMFADevice: a new virtual device, unassigned until enabled for a user. */
  createVirtualMfaDevice(deviceName: string): string {
    const serial = virtualMfaSerial(this.accountId, deviceName);
    if (this.virtualDevices.has(serial)) throw new Error(`virtual MFA device ${serial} already exists`);
    this.virtualDevices.set(serial, undefined);
    return serial;
  }

  /** DeleteVirtualMFADevice: only an unassigned device can be deleted. */
  deleteVirtualMfaDevice(serial: string): void {
    if (!this.virtualDevices.has(serial)) throw new Error(`no virtual MFA device ${serial}`);
    if (this.virtualDevices.get(serial) !== undefined) throw new Error(`${serial} is still assigned`);
    this.virtualDevices.delete(serial);
  }

  /**
   * ListVirtualMFADevices' view, in serial order: the account's virtual devices, assigned (to a
   * user or the root user) or not. U2F and hardware devices are never in it.
   */
  virtualMfaDevices(assignment: VirtualMfaAssignment = 'Any'): VirtualMfaDevice[] {
    const devices: VirtualMfaDevice[] = [];
    for (const [serial, owner] of this.virtualDevices) {
      const user = owner === undefined ? undefined : this.users.get(owner);
      const enabled = user?.mfa.find((d) => d.serial === serial)?.enabled;
      devices.push(user ? { serial, assignedTo: user, enabled } : { serial });
    }
    if (this.rootMfa && this.rootMfaKind === 'virtual') {
      devices.push({
        serial: rootVirtualMfaSerial(this.accountId),
        assignedTo: 'root',
        enabled: ROOT_CREATED,
      });
    }
    return devices
      .filter((d) => assignment === 'Any' || (assignment === 'Assigned') === (d.assignedTo !== undefined))
      .sort((a, b) => (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0));
  }

  /** Every MFA device the account holds: assigned ones (root included) and unassigned virtual ones. */
  mfaDeviceCounts(): { readonly inUse: number; readonly total: number } {
    const assigned = this.listUsers().reduce((n, u) => n + u.mfa.length, 0) + (this.rootMfa ? 1 : 0);
    let unassigned = 0;
    for (const owner of this.virtualDevices.values()) if (owner === undefined) unassigned += 1;
    return { inUse: assigned, total: assigned + unassigned };
  }

  setPassword(userName: string): void {
    this.mustGet(userName).password = { created: new Date(this.clock.now()), resetRequired: false };
  }

  removePassword(userName: string): void {
    this.mustGet(userName).password = undefined;
  }

  user(userName: string): UserState | undefined {
    return this.users.get(userName.toLowerCase());
  }

  /** Users in name order, the order ListUsers pages through. */
  listUsers(): readonly UserState[] {
    this.sorted ??= [...this.users.values()].sort((a, b) => compareNames(a.userName, b.userName));
    return this.sorted;
  }

  /** Ground truth: users with a console password and no MFA device, in name order. */
  consolePasswordWithoutMfa(): string[] {
    return this.listUsers()
      .filter((u) => u.password && u.mfa.length === 0)
      .map((u) => u.userName);
  }

  /**
   * Users with a console password whose MFA devices are all U2F or hardware: ListVirtualMFADevices
   * cannot vouch for them, so the engine confirms each live (one ListMFADevices call).
   */
  consolePasswordWithNonVirtualMfaOnly(): string[] {
    return this.listUsers()
      .filter((u) => u.password && u.mfa.length > 0 && u.mfa.every((d) => mfaKind(d.serial) !== 'virtual'))
      .map((u) => u.userName);
  }

  // --- the credential report ------------------------------------------------------------------

  /** Captures a report of the current truth, dated `at` (default now), as if IAM had just built it. */
  snapshotReport(at: Date = new Date(this.clock.now())): void {
    this.report = this.capture(at);
    this.generating = undefined;
  }

  /** Removes a user's row from the current report (IAM has been seen to omit rows). */
  dropReportRow(userName: string): void {
    if (!this.report?.rows.delete(userName.toLowerCase())) {
      throw new Error(`the report has no row for ${userName}`);
    }
  }

  /** GenerateCredentialReport: reuse a report under 4 hours old, else start one (STARTED, INPROGRESS). */
  generateCredentialReport(): 'STARTED' | 'INPROGRESS' | 'COMPLETE' {
    this.settleGeneration();
    if (this.report && this.ageOf(this.report) < REPORT_REUSE_MS) return 'COMPLETE';
    if (this.generating) return 'INPROGRESS';
    this.generating = {
      readyAt: this.clock.now() + this.generationMs,
      snapshot: this.capture(new Date(this.clock.now())),
    };
    return 'STARTED';
  }

  readCredentialReport(): ReportRead {
    this.settleGeneration();
    const report = this.report;
    if (report && this.ageOf(report) < REPORT_REUSE_MS) {
      const lines = [REPORT_HEADER, report.root, ...report.rows.values()];
      return { kind: 'ready', csv: lines.join('\n'), generatedAt: report.generatedAt };
    }
    if (this.generating) return { kind: 'in-progress' };
    return { kind: report ? 'expired' : 'not-present' };
  }

  private settleGeneration(): void {
    if (this.generating && this.clock.now() >= this.generating.readyAt) {
      this.report = this.generating.snapshot;
      this.generating = undefined;
    }
  }

  private capture(at: Date): ReportSnapshot {
    const rows = new Map<string, string>();
    for (const u of this.listUsers()) {
      const row = reportRow({
        userName: u.userName,
        arn: u.arn,
        createDate: u.createDate,
        password: u.password,
        mfaActive: u.mfa.length > 0,
      });
      rows.set(u.userName.toLowerCase(), row);
    }
    return {
      generatedAt: at,
      root: rootRow(this.accountId, ROOT_CREATED, this.rootMfa),
      rows,
    };
  }

  private ageOf(report: ReportSnapshot): number {
    return this.clock.now() - report.generatedAt.getTime();
  }

  /** Records a virtual serial as assigned to `owner`; U2F and hardware serials are not account entities. */
  private assignVirtual(serial: string, owner: string): void {
    if (mfaKind(serial) !== 'virtual') return;
    const current = this.virtualDevices.get(serial);
    if (current !== undefined && current !== owner) {
      throw new Error(`virtual MFA device ${serial} is already assigned to ${current}`);
    }
    this.virtualDevices.set(serial, owner);
  }

  private mustGet(userName: string): UserState {
    const user = this.user(userName);
    if (!user) throw new Error(`no such user ${userName}`);
    return user;
  }
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
