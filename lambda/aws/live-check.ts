import { GetLoginProfileCommand, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LiveFacts } from '../core/types';
import { describeAwsError, errorName } from './describe-aws-error';
import { forEachPage } from './paginate';
import { readUserTags } from './user-tags';

type LoginProfile = { createDate: Date; passwordResetRequired: boolean };
type Step<T> = { ok: T } | { settled: LiveFacts };

/**
 * Confirms one user live, settling it with as few calls as possible. By default the login profile
 * comes first: users without a password (service users) are settled by that one call. With
 * `mfaFirst` (the report said MFA but no virtual device is assigned now, most likely a hardware or
 * U2F key) the devices come first, so a user who still has one costs one call. ListMFADevices lists
 * only assigned devices of every kind (virtual, hardware, U2F/FIDO, passkey). Tags are read last and
 * only for a user with a password and no device.
 */
export async function checkUserLive(
  iam: IAMClient,
  userName: string,
  mfaFirst = false,
  abortSignal?: AbortSignal,
): Promise<LiveFacts> {
  let loginProfile: LoginProfile | undefined;
  if (!mfaFirst) {
    const profile = await readLoginProfile(iam, userName, abortSignal);
    if ('settled' in profile) return profile.settled;
    loginProfile = profile.ok;
  }
  const devices = await readMfaSerials(iam, userName, abortSignal);
  if ('settled' in devices) return devices.settled;
  const mfaSerials = devices.ok;
  // Any assigned device settles the user: the password no longer matters.
  if (mfaSerials.length > 0) return { kind: 'checked', loginProfile, mfaSerials };
  if (!loginProfile) {
    const profile = await readLoginProfile(iam, userName, abortSignal);
    if ('settled' in profile) return profile.settled;
    loginProfile = profile.ok;
  }
  // Only would-be violations pay for tags: they may carry an exemption.
  return { kind: 'checked', loginProfile, mfaSerials, tags: await readUserTags(iam, userName, abortSignal) };
}

async function readLoginProfile(
  iam: IAMClient,
  userName: string,
  abortSignal: AbortSignal | undefined,
): Promise<Step<LoginProfile>> {
  try {
    const out = await iam.send(new GetLoginProfileCommand({ UserName: userName }), { abortSignal });
    return {
      ok: {
        // Fail closed: a profile without a date is still a password.
        createDate: out.LoginProfile?.CreateDate ?? new Date(0),
        passwordResetRequired: out.LoginProfile?.PasswordResetRequired ?? false,
      },
    };
  } catch (err) {
    // No login profile: no console password, nothing to judge.
    if (errorName(err) === 'NoSuchEntityException') return { settled: { kind: 'checked', mfaSerials: [] } };
    return { settled: asError('GetLoginProfile', err) };
  }
}

async function readMfaSerials(
  iam: IAMClient,
  userName: string,
  abortSignal: AbortSignal | undefined,
): Promise<Step<string[]>> {
  const serials: string[] = [];
  const listPage = (marker: string | undefined) =>
    iam.send(new ListMFADevicesCommand({ UserName: userName, Marker: marker }), { abortSignal });
  try {
    await forEachPage('ListMFADevices', listPage, (page) => {
      for (const device of page.MFADevices ?? []) serials.push(device.SerialNumber ?? '(no serial)');
    });
  } catch (err) {
    // The user was deleted while being checked: it can no longer sign in.
    if (errorName(err) === 'NoSuchEntityException') return { settled: { kind: 'gone' } };
    return { settled: asError('ListMFADevices', err) };
  }
  return { ok: serials };
}

function asError(operation: string, err: unknown): LiveFacts {
  const { message } = describeAwsError('iam', operation, err);
  return { kind: 'error', operation, message };
}
