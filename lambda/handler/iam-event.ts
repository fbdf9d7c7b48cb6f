/**
 * CloudTrail IAM events (via EventBridge) that can change whether a user signs in without MFA.
 * The CDK construct's rule matches exactly these names.
 */
export const RECHECK_EVENT_NAMES = [
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'DeactivateMFADevice',
  'DeleteVirtualMFADevice',
  'EnableMFADevice',
  'CreateUser',
  'TagUser',
  'UntagUser',
] as const;

export interface IamEventRecheck {
  readonly eventName: string;
  /** The user the call was about; undefined for calls that do not name one (see below). */
  readonly userName?: string;
}

/** Recognises an EventBridge "AWS API Call via CloudTrail" event from IAM; undefined otherwise. */
export function parseIamEvent(event: Record<string, unknown>): IamEventRecheck | undefined {
  if (event.source !== 'aws.iam' || event['detail-type'] !== 'AWS API Call via CloudTrail') return undefined;
  const detail = (event.detail ?? {}) as {
    eventName?: unknown;
    requestParameters?: { userName?: unknown } | null;
  };
  const eventName = typeof detail.eventName === 'string' ? detail.eventName : 'unknown';
  const userName = detail.requestParameters?.userName;
  // DeleteVirtualMFADevice names only a serial, and root's own MFA calls name no user.
  return { eventName, userName: typeof userName === 'string' && userName !== '' ? userName : undefined };
}
