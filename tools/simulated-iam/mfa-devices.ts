/**
 * The kinds of MFA device IAM knows, told apart by serial number as IAM writes them:
 *
 * - virtual (TOTP app): `arn:aws:iam::ACCOUNT:mfa/NAME` (NAME may carry a path). The only kind that
 *   is an account-level entity: it exists unassigned after CreateVirtualMFADevice or
 *   DeactivateMFADevice, and ListVirtualMFADevices lists it.
 * - u2f (FIDO security key or passkey): `arn:aws:iam::ACCOUNT:u2f/user/USER/NAME-ID`.
 * - hardware (TOTP token): the token's own serial, e.g. `GAHT12345678`.
 *
 * ListMFADevices lists a user's assigned devices of every kind; ListVirtualMFADevices lists virtual
 * devices only, so a user whose only device is a U2F key or a hardware token is absent from it.
 */
export type MfaKind = 'virtual' | 'u2f' | 'hardware';

const VIRTUAL = /^arn:aws[a-z-]*:iam::\d{12}:mfa\//;
const U2F = /^arn:aws[a-z-]*:iam::\d{12}:u2f\//;

export function mfaKind(serial: string): MfaKind {
  if (VIRTUAL.test(serial)) return 'virtual';
  if (U2F.test(serial)) return 'u2f';
  return 'hardware';
}

export const virtualMfaSerial = (accountId: string, deviceName: string): string =>
  `arn:aws:iam::${accountId}:mfa/${deviceName}`;

export const u2fMfaSerial = (accountId: string, userName: string, keyName: string): string =>
  `arn:aws:iam::${accountId}:u2f/user/${userName}/${keyName}`;

export const hardwareMfaSerial = (n: number): string => `GAHT${String(n % 1e8).padStart(8, '0')}`;

/** The serial IAM gives the root user's virtual device when it is set up from the console. */
export const rootVirtualMfaSerial = (accountId: string): string =>
  virtualMfaSerial(accountId, 'root-account-mfa-device');
