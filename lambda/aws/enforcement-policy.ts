import {
  AttachUserPolicyCommand,
  DetachUserPolicyCommand,
  ListEntitiesForPolicyCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { PolicyHolder } from '../core/enforcement';
import { describeAwsError } from './describe-aws-error';
import { forEachPage } from './paginate';

/** The users the policy is attached to now (ListEntitiesForPolicy, every page). Throws an AwsCallError. */
export async function listPolicyHolders(
  iam: IAMClient,
  policyArn: string,
  abortSignal?: AbortSignal,
): Promise<PolicyHolder[]> {
  const holders: PolicyHolder[] = [];
  try {
    await forEachPage(
      'ListEntitiesForPolicy',
      (marker) =>
        iam.send(
          new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, EntityFilter: 'User', Marker: marker }),
          {
            abortSignal,
          },
        ),
      (page) => {
        for (const u of page.PolicyUsers ?? []) {
          if (u.UserName) holders.push({ userName: u.UserName, ...(u.UserId ? { userId: u.UserId } : {}) });
        }
      },
    );
  } catch (err) {
    throw describeAwsError('iam', 'ListEntitiesForPolicy', err);
  }
  return holders;
}

/** Attaches the policy to the user (a policy already attached is left as it is). Throws an AwsCallError. */
export async function attachPolicy(
  iam: IAMClient,
  userName: string,
  policyArn: string,
  abortSignal?: AbortSignal,
): Promise<void> {
  try {
    await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }), {
      abortSignal,
    });
  } catch (err) {
    throw describeAwsError('iam', 'AttachUserPolicy', err);
  }
}

/**
 * Detaches the policy from the user. A user who no longer holds it, or no longer exists, is already
 * where detaching would leave them: done, not an error. Throws an AwsCallError otherwise.
 */
export async function detachPolicy(
  iam: IAMClient,
  userName: string,
  policyArn: string,
  abortSignal?: AbortSignal,
): Promise<void> {
  try {
    await iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }), {
      abortSignal,
    });
  } catch (err) {
    if (err instanceof NoSuchEntityException) return;
    throw describeAwsError('iam', 'DetachUserPolicy', err);
  }
}
