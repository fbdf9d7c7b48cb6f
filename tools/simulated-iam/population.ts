import type { SeedUser } from './account';
import { hardwareMfaSerial, u2fMfaSerial, virtualMfaSerial } from './mfa-devices';
import { SeededRandom } from './random';
import { DAY_MS } from '../builders/iam';

export interface PopulationSpec {
  readonly users: number;
  /** Users with a console password and no MFA device. */
  readonly violators: number;
  /** The moment the population is seen from; every date lies before it. */
  readonly now: Date;
  /** Share of the other users who have a console password (all with MFA); the rest have none. */
  readonly consoleShare?: number;
  /**
   * Share of the users with MFA whose only devices are U2F/passkey or hardware tokens (default 0.1):
   * ListVirtualMFADevices does not list them. Of the rest, 5% have a virtual device and a passkey,
   * the others a virtual device only.
   */
  readonly nonVirtualMfaShare?: number;
  readonly accountId?: string;
  readonly seed?: number;
}

export interface Population {
  readonly users: SeedUser[];
  /** Names of the violators, in name order. */
  readonly violators: string[];
}

export const DEFAULT_NON_VIRTUAL_MFA_SHARE = 0.1;
const PATHS = ['/', '/', '/', '/engineering/', '/ops/', '/contractors/'];
const TEAMS = ['payments', 'search', 'platform', 'data', 'support'];

/**
 * A realistic account: most users are programmatic (no password), the console users mostly have
 * MFA, mostly virtual and some U2F/passkey or hardware only (`nonVirtualMfaShare`), some
 * programmatic users still carry an MFA device, and the violators have used their password
 * recently, long ago or never.
 */
export function seedPopulation(spec: PopulationSpec): Population {
  if (spec.violators > spec.users) throw new RangeError('more violators than users');
  const rng = new SeededRandom(spec.seed ?? 20_260_115);
  const accountId = spec.accountId ?? '123456789012';
  const consoleShare = spec.consoleShare ?? 0.4;
  const nonVirtualShare = spec.nonVirtualMfaShare ?? DEFAULT_NON_VIRTUAL_MFA_SHARE;
  const devices = (userName: string): string[] => mfaDevices(rng, accountId, userName, nonVirtualShare);
  const now = spec.now.getTime();
  const secondsBefore = (maxDays: number, minDays = 1): Date =>
    new Date(Math.floor((now - (minDays + rng.next() * (maxDays - minDays)) * DAY_MS) / 1000) * 1000);

  const isViolator = rng.shuffle(Array.from({ length: spec.users }, (_, i) => i < spec.violators));
  const users: SeedUser[] = [];
  const violators: string[] = [];
  isViolator.forEach((violates, i) => {
    const userName = `user-${String(i).padStart(5, '0')}`;
    const createDate = secondsBefore(5 * 365, 2);
    const tags = rng.next() < 0.3 ? { team: rng.pick(TEAMS) } : undefined;
    const base = { userName, path: rng.pick(PATHS), createDate, tags };
    const password = (): SeedUser['password'] => {
      const created = new Date(createDate.getTime() + DAY_MS);
      const r = rng.next();
      const lastUsed = r < 0.6 ? secondsBefore(90) : r < 0.8 ? secondsBefore(2 * 365, 91) : undefined;
      return { created, lastUsed: lastUsed && lastUsed > created ? lastUsed : undefined };
    };
    if (violates) {
      violators.push(userName);
      users.push({ ...base, password: password() });
    } else if (rng.next() < consoleShare) {
      users.push({ ...base, password: password(), mfaSerials: devices(userName) });
    } else {
      // Programmatic users: a few still have an MFA device (e.g. for assuming roles with MFA).
      const mfa = rng.next() < 0.1 ? devices(userName) : undefined;
      users.push({ ...base, mfaSerials: mfa });
    }
  });
  return { users, violators: violators.sort() };
}

/**
 * One user's devices. Most MFA users have a virtual (TOTP app) device; `nonVirtualShare` of them
 * only a U2F security key or passkey (two in three) or a hardware TOTP token (one in three); 5% a
 * virtual device and a passkey.
 */
function mfaDevices(
  rng: SeededRandom,
  accountId: string,
  userName: string,
  nonVirtualShare: number,
): string[] {
  const virtual = virtualMfaSerial(accountId, userName);
  const r = rng.next();
  if (r < nonVirtualShare) {
    const key = rng.next();
    if (key < 1 / 3) return [u2fMfaSerial(accountId, userName, `yubikey-${rng.int(1e6)}`)];
    if (key < 2 / 3) return [u2fMfaSerial(accountId, userName, `passkey-${rng.int(1e6)}`)];
    return [hardwareMfaSerial(rng.int(1e8))];
  }
  if (r < nonVirtualShare + 0.05)
    return [virtual, u2fMfaSerial(accountId, userName, `passkey-${rng.int(1e6)}`)];
  return [virtual];
}
