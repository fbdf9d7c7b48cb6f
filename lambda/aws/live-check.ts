import { GetLoginProfileCommand, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LiveFacts } from '../core/types';
import { describeAwsError, errorName } from './describe-aws-error';
import { readUserTags } from './user-tags';

/**
 * Confirms one user live. The login profile comes first: most users without a password (service
 * users) are settled with that single call. ListMFADevices lists only devices assigned to the user,
 * of every kind (virtual, hardware, U2F/FIDO, passkey); an unassigned virtual device is not listed.
 * Tags are read last and only for a user with a password and no device.
 */
export async function checkUserLive(iam: IAMClient, userName: string): Promise<LiveFacts> {
  let loginProfile: { createDate: Date; passwordResetRequired: boolean };
  try {
    const out = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    loginProfile = {
      createDate: out.LoginProfile?.CreateDate ?? new Date(0),
      passwordResetRequired: out.LoginProfile?.PasswordResetRequired ?? false,
    };
  } catch (err) {
    if (errorName(err) === 'NoSuchEntityException') return { kind: 'checked', mfaSerials: [] };
    return asError('GetLoginProfile', err);
  }

  const mfaSerials: string[] = [];
  try {
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListMFADevicesCommand({ UserName: userName, Marker: marker }));
      for (const device of page.MFADevices ?? []) mfaSerials.push(device.SerialNumber ?? '(no serial)');
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (err) {
    // The user was deleted after GetLoginProfile: it can no longer sign in.
    if (errorName(err) === 'NoSuchEntityException') return { kind: 'gone' };
    return asError('ListMFADevices', err);
  }
  if (mfaSerials.length > 0) return { kind: 'checked', loginProfile, mfaSerials };
  // Only would-be violations pay for tags: they may carry an exemption.
  return { kind: 'checked', loginProfile, mfaSerials, tags: await readUserTags(iam, userName) };
}

function asError(operation: string, err: unknown): LiveFacts {
  const { message } = describeAwsError('iam', operation, err);
  return { kind: 'error', operation, message };
}
