import { ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './describe-aws-error';
import { forEachPage } from './paginate';

/**
 * ARNs of every user (root included) with a virtual MFA device assigned right now, 1,000 devices a
 * call. A live, account-wide view of the most common MFA kind: it lets the audit notice MFA removed
 * after the credential report was generated without a call per user.
 */
export async function listVirtualMfaUserArns(
  iam: IAMClient,
  abortSignal?: AbortSignal,
): Promise<Set<string>> {
  const arns = new Set<string>();
  const listPage = (marker: string | undefined) =>
    iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: marker }),
      { abortSignal },
    );
  try {
    await forEachPage('ListVirtualMFADevices', listPage, (page) => {
      for (const device of page.VirtualMFADevices ?? []) if (device.User?.Arn) arns.add(device.User.Arn);
    });
  } catch (err) {
    throw describeAwsError('iam', 'ListVirtualMFADevices', err);
  }
  return arns;
}
