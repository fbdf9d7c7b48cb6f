import type { STSClient } from '@aws-sdk/client-sts';
import { callerIdentity } from '../aws/member-credentials';

/**
 * The account and partition the function runs in: from its own ARN when Lambda gave it (no call),
 * else from STS GetCallerIdentity.
 */
export async function resolveCaller(
  sts: STSClient,
  functionArn: string | undefined,
  abortSignal?: AbortSignal,
): Promise<{ readonly accountId: string; readonly partition: string }> {
  const [, partition, , , accountId] = functionArn?.split(':') ?? [];
  if (partition && accountId) return { accountId, partition };
  return callerIdentity(sts, abortSignal);
}
