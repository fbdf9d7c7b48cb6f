import { ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './describe-aws-error';

/**
 * ARNs of every user (root included) with a virtual MFA device assigned right now, 1,000 devices a
 * call. A live, account-wide view of the most common MFA kind: it lets the audit notice MFA removed
 * after the credential report was generated without a call per user.
 */
export async function listVirtualMfaUserArns(iam: IAMClient): Promise<Set<string>> {
  const arns = new Set<string>();
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(
        new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned', MaxItems: 1000, Marker: marker }),
      );
      for (const device of page.VirtualMFADevices ?? []) if (device.User?.Arn) arns.add(device.User.Arn);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (err) {
    throw describeAwsError('iam', 'ListVirtualMFADevices', err);
  }
  return arns;
}
