import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  EnableMFADeviceCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from '../../lambda/core/util/map-with-concurrency';
import { MOTO_ACCOUNT_ID } from './clients';

/** How a seeded user ends up with (or without) MFA. Each one is a separate path through IAM. */
export type MfaSetup =
  /** CreateVirtualMFADevice + EnableMFADevice. */
  | 'virtual'
  /** EnableMFADevice with a hardware token's serial number. */
  | 'hardware'
  /** EnableMFADevice with a U2F/FIDO security key's ARN-style serial. */
  | 'u2f'
  /** A virtual device enabled, then DeactivateMFADevice: the user has no MFA any more. */
  | 'deactivated'
  /** CreateVirtualMFADevice only: created for the user but never assigned, so not MFA. */
  | 'virtual-never-enabled';

export interface SeedUser {
  readonly name: string;
  /** IAM path, e.g. `/eng/ops/`. Default `/`. */
  readonly path?: string;
  /** `active`: a console password. `deleted`: one was created, then removed again. */
  readonly password?: 'active' | 'deleted';
  readonly mfa?: MfaSetup;
  readonly tags?: Readonly<Record<string, string>>;
}

export const PASSWORD = 'Correct-Horse-Battery-9';
/** moto accepts any codes; real IAM wants two consecutive TOTP codes. */
const CODES = { AuthenticationCode1: '123456', AuthenticationCode2: '654321' } as const;

/** A hardware token serial in IAM's format (`GAHT` + 8 digits), distinct per user. */
export function hardwareSerial(userName: string): string {
  const digits = parseInt(createHash('sha256').update(userName).digest('hex').slice(0, 8), 16);
  return `GAHT${String(digits % 1e8).padStart(8, '0')}`;
}

/** The serial IAM gives a FIDO security key (`u2f/...`), for which there is no virtual device. */
export function u2fSerial(userName: string): string {
  return `arn:aws:iam::${MOTO_ACCOUNT_ID}:u2f/user/${userName}/default-ABCDEFGHIJKLMN`;
}

export async function createUser(iam: IAMClient, name: string, path = '/'): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
}

export async function createLoginProfile(iam: IAMClient, name: string): Promise<void> {
  await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }));
}

export async function deleteLoginProfile(iam: IAMClient, name: string): Promise<void> {
  await iam.send(new DeleteLoginProfileCommand({ UserName: name }));
}

/** Creates a virtual device named after the user and returns its serial (ARN). */
export async function createVirtualMfaDevice(iam: IAMClient, name: string): Promise<string> {
  const out = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }));
  const serial = out.VirtualMFADevice?.SerialNumber;
  if (!serial) throw new Error(`CreateVirtualMFADevice for ${name} returned no serial`);
  return serial;
}

export async function enableMfaDevice(iam: IAMClient, name: string, serial: string): Promise<void> {
  await iam.send(new EnableMFADeviceCommand({ UserName: name, SerialNumber: serial, ...CODES }));
}

export async function deactivateMfaDevice(iam: IAMClient, name: string, serial: string): Promise<void> {
  await iam.send(new DeactivateMFADeviceCommand({ UserName: name, SerialNumber: serial }));
}

export async function tagUser(
  iam: IAMClient,
  name: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  await iam.send(new TagUserCommand({ UserName: name, Tags }));
}

/** Creates one user exactly as described, through the real IAM API. */
export async function seedUser(iam: IAMClient, user: SeedUser): Promise<void> {
  await createUser(iam, user.name, user.path);
  if (user.password) {
    await createLoginProfile(iam, user.name);
    if (user.password === 'deleted') await deleteLoginProfile(iam, user.name);
  }
  switch (user.mfa) {
    case undefined:
      break;
    case 'virtual':
      await enableMfaDevice(iam, user.name, await createVirtualMfaDevice(iam, user.name));
      break;
    case 'hardware':
      await enableMfaDevice(iam, user.name, hardwareSerial(user.name));
      break;
    case 'u2f':
      await enableMfaDevice(iam, user.name, u2fSerial(user.name));
      break;
    case 'deactivated': {
      const serial = await createVirtualMfaDevice(iam, user.name);
      await enableMfaDevice(iam, user.name, serial);
      await deactivateMfaDevice(iam, user.name, serial);
      break;
    }
    case 'virtual-never-enabled':
      await createVirtualMfaDevice(iam, user.name);
      break;
  }
  if (user.tags) await tagUser(iam, user.name, user.tags);
}

/** Seeds users a few at a time: fast, without piling hundreds of requests onto moto at once. */
export async function seedUsers(iam: IAMClient, users: readonly SeedUser[], concurrency = 8): Promise<void> {
  await mapWithConcurrency(users, concurrency, (user) => seedUser(iam, user));
}
