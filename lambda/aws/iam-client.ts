import { IAMClient } from '@aws-sdk/client-iam';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ApiCallCounter } from './api-call-counter';
import { readCredentialReportContentRaw } from './credential-report-content';
import type { RequestTimeouts } from './sdk-transport';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

export interface IamClientOptions {
  /** Total attempts per call, first included. */
  readonly maxAttempts?: number;
  /** Per-attempt HTTP timeouts; DEFAULT_REQUEST_TIMEOUTS unless a test needs them short. */
  readonly timeouts?: RequestTimeouts;
  /** Another account's credentials (its assumed member role); the environment's by default. */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * Ten attempts in adaptive mode. IAM's request rate is account-wide and cannot be raised, so a
 * throttle means every in-flight check is too fast: adaptive mode's client-side token bucket slows
 * all of them together instead of each retrying blindly, and ten attempts (exponential backoff up
 * to 20 s each) ride out a burst of a minute or more. An audit is a batch job: slow beats failed.
 */
export const DEFAULT_IAM_MAX_ATTEMPTS = 10;

/**
 * How fast adaptive mode's send rate grows back after a throttle (the cubic's scale constant; the
 * SDK's default is 0.4, TCP CUBIC's). IAM's limit is a fixed account-wide rate, not congestion that
 * may linger: at 0.4 an audit that hits it once crawls for seconds (the five checks in flight are
 * all throttled and each cut compounds), at 4 it is back near the limit within a second. Chosen on
 * the bench's simulated IAM (5,000 users, at 10, 20 and 40 requests/s, several retry-jitter seeds):
 * less wall time at every rate and no errors at 100% violating, for more throttled requests (the
 * measured figures were recorded in the closing note of issue 7; bench/RESULTS.md has today's).
 */
export const IAM_RATE_RECOVERY = 4;

/** The retry strategy every IAM client here uses; one per client, as its rate limiter holds state. */
export function iamRetryStrategy(maxAttempts: number = DEFAULT_IAM_MAX_ATTEMPTS): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(maxAttempts, {
    rateLimiter: new DefaultRateLimiter({ scaleConstant: IAM_RATE_RECOVERY }),
  });
}

/**
 * IAM is a global service signed for us-east-1 in the commercial partition. A region from the
 * environment is honoured (other partitions), as is AWS_ENDPOINT_URL (read by the SDK itself).
 */
export function createIamClient(counter: ApiCallCounter, options: IamClientOptions = {}): IAMClient {
  const maxAttempts = options.maxAttempts ?? DEFAULT_IAM_MAX_ATTEMPTS;
  const client = new IAMClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts,
    retryStrategy: iamRetryStrategy(maxAttempts),
    requestHandler: requestHandlerOptions(options.timeouts),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  readCredentialReportContentRaw(client);
  retryUnreadableResponses(client);
  return counter.attach(client);
}
