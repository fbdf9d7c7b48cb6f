import { IAMClient } from '@aws-sdk/client-iam';
import { iamRetryStrategy } from '../../lambda/aws/iam-client';
import type { SimulatedIamHandler } from './request-handler';

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
}

/**
 * A real IAMClient whose requests go to the simulator instead of the network. Without `retry` it
 * retries with production's own strategy (iamRetryStrategy), so throttling is ridden out exactly as
 * the deployed Lambda would.
 */
export function simulatedIamClient(handler: SimulatedIamHandler, retry?: RetrySettings): IAMClient {
  return new IAMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATED', secretAccessKey: 'simulated' },
    requestHandler: handler,
    ...(retry
      ? { maxAttempts: retry.maxAttempts, retryMode: retry.retryMode }
      : { retryStrategy: iamRetryStrategy() }),
  });
}
