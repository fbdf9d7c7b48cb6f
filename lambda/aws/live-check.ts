import { GetLoginProfileCommand, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeFailure } from '../core/errors';
import type { LiveFacts, TagsResult } from '../core/types';
import { describeAwsError, errorName } from './describe-aws-error';
import { forEachPage } from './paginate';
import { readUserTags } from './user-tags';

type LoginProfile = { createDate: Date; passwordResetRequired: boolean };

/** GetLoginProfile answered NoSuchEntity: no console password, nothing to judge. */
const NO_PASSWORD: LiveFacts = { kind: 'checked', mfaSerials: [] };

/**
 * Confirms one user live, settling it with as few calls as possible. By default the login profile
 * comes first: users without a password (service users) are settled by that one call. With
 * `mfaFirst` (the report said MFA but no virtual device is assigned now, most likely a hardware or
 * U2F key) the devices come first, so a user who still has one costs one call. ListMFADevices lists
 * only assigned devices of every kind (virtual, hardware, U2F/FIDO, passkey). Tags are read last and
 * only for a user with a password and no device.
 *
 * A failed GetLoginProfile or ListMFADevices throws its AwsCallError (the engine records the user
 * under `errors`); tags that cannot be read are a fact about the user (`tags.ok: false`), on which
 * the judge fails closed.
 */
export async function checkUserLive(
  iam: IAMClient,
  userName: string,
  mfaFirst = false,
  abortSignal?: AbortSignal,
): Promise<LiveFacts> {
  let loginProfile: LoginProfile | undefined;
  if (!mfaFirst) {
    loginProfile = await readLoginProfile(iam, userName, abortSignal);
    if (!loginProfile) return NO_PASSWORD;
  }
  const mfaSerials = await readMfaSerials(iam, userName, abortSignal);
  // The user was deleted while being checked: it can no longer sign in.
  if (mfaSerials === USER_GONE) return { kind: 'gone' };
  // Any assigned device settles the user: the password no longer matters.
  if (mfaSerials.length > 0) return { kind: 'checked', loginProfile, mfaSerials };
  if (!loginProfile) {
    loginProfile = await readLoginProfile(iam, userName, abortSignal);
    if (!loginProfile) return NO_PASSWORD;
  }
  // Only would-be violations pay for tags: they may carry an exemption.
  return { kind: 'checked', loginProfile, mfaSerials, tags: await tagsOf(iam, userName, abortSignal) };
}

/** The login profile; undefined when the user has none (no console password). */
async function readLoginProfile(
  iam: IAMClient,
  userName: string,
  abortSignal: AbortSignal | undefined,
): Promise<LoginProfile | undefined> {
  try {
    const out = await iam.send(new GetLoginProfileCommand({ UserName: userName }), { abortSignal });
    return {
      // Fail closed: a profile without a date is still a password.
      createDate: out.LoginProfile?.CreateDate ?? new Date(0),
      passwordResetRequired: out.LoginProfile?.PasswordResetRequired ?? false,
    };
  } catch (err) {
    if (errorName(err) === 'NoSuchEntityException') return undefined;
    throw describeAwsError('iam', 'GetLoginProfile', err);
  }
}

const USER_GONE = 'user-gone';

/** Serial numbers of the user's assigned MFA devices, or USER_GONE when IAM no longer has the user. */
async function readMfaSerials(
  iam: IAMClient,
  userName: string,
  abortSignal: AbortSignal | undefined,
): Promise<string[] | typeof USER_GONE> {
  const serials: string[] = [];
  const listPage = (marker: string | undefined) =>
    iam.send(new ListMFADevicesCommand({ UserName: userName, Marker: marker }), { abortSignal });
  try {
    await forEachPage('ListMFADevices', listPage, (page) => {
      for (const device of page.MFADevices ?? []) serials.push(device.SerialNumber ?? '(no serial)');
    });
  } catch (err) {
    if (errorName(err) === 'NoSuchEntityException') return USER_GONE;
    throw describeAwsError('iam', 'ListMFADevices', err);
  }
  return serials;
}

/** The user's tags, or why they could not be read. */
async function tagsOf(iam: IAMClient, userName: string, abortSignal?: AbortSignal): Promise<TagsResult> {
  try {
    return { ok: true, values: await readUserTags(iam, userName, abortSignal) };
  } catch (err) {
    return { ok: false, ...describeFailure(err) };
  }
}
