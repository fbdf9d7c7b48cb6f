import { IAMClient } from '@aws-sdk/client-iam';
import type { ApiCallCounter } from './api-call-counter';
import { readCredentialReportContentRaw } from './credential-report-content';

export interface IamClientOptions {
  /** Total attempts per call, first included. */
  readonly maxAttempts?: number;
}

/**
 * Ten attempts in adaptive mode. IAM's request rate is account-wide and cannot be raised, so a
 * throttle means every in-flight check is too fast: adaptive mode's client-side token bucket slows
 * all of them together instead of each retrying blindly, and ten attempts (exponential backoff up
 * to 20 s each) ride out a burst of a minute or more. An audit is a batch job: slow beats failed.
 */
export const DEFAULT_IAM_MAX_ATTEMPTS = 10;

/**
 * IAM is a global service signed for us-east-1 in the commercial partition. A region from the
 * environment is honoured (other partitions), as is AWS_ENDPOINT_URL (read by the SDK itself).
 */
export function createIamClient(counter: ApiCallCounter, options: IamClientOptions = {}): IAMClient {
  const client = new IAMClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: options.maxAttempts ?? DEFAULT_IAM_MAX_ATTEMPTS,
    retryMode: 'adaptive',
  });
  readCredentialReportContentRaw(client);
  return counter.attach(client);
}
