import { IAMClient } from '@aws-sdk/client-iam';
import { ApiCallCounter } from '../../../lambda/aws/api-call-counter';
import { createIamClient, DEFAULT_IAM_MAX_ATTEMPTS } from '../../../lambda/aws/iam-client';
import type { SimulatedIamHandler } from './request-handler';

export interface RetrySettings {
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
}

/** What production's createIamClient configures; `productionRetrySettings()` checks it still does. */
export const PRODUCTION_RETRY: RetrySettings = {
  maxAttempts: DEFAULT_IAM_MAX_ATTEMPTS,
  retryMode: 'adaptive',
};

/**
 * A real IAMClient whose requests go to the simulator instead of the network. Retries default to
 * production's, so throttling is ridden out exactly as the deployed Lambda would.
 */
export function simulatedIamClient(
  handler: SimulatedIamHandler,
  retry: RetrySettings = PRODUCTION_RETRY,
): IAMClient {
  return new IAMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATED', secretAccessKey: 'simulated' },
    requestHandler: handler,
    maxAttempts: retry.maxAttempts,
    retryMode: retry.retryMode,
  });
}

/** The retry settings production's client resolves to (read from a client that never sends). */
export async function productionRetrySettings(): Promise<{ maxAttempts: number; retryMode: string }> {
  const probe = createIamClient(new ApiCallCounter());
  try {
    const strategy = (await probe.config.retryStrategy()) as { mode?: string };
    return { maxAttempts: await probe.config.maxAttempts(), retryMode: strategy.mode ?? 'unknown' };
  } finally {
    probe.destroy();
  }
}
