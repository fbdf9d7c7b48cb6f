import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { ApiCallCounter } from './api-call-counter';
import { describeAwsError } from './describe-aws-error';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/**
 * One hour: longer than the function's 15-minute timeout, and a CLI audit that outlives it gets
 * fresh credentials from the provider (the SDK calls it again before expiry).
 */
const SESSION_SECONDS = 3600;

export function createStsClient(
  counter: ApiCallCounter,
  credentials?: AwsCredentialIdentityProvider,
): STSClient {
  const client = new STSClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    maxAttempts: 5,
    requestHandler: requestHandlerOptions(),
    ...(credentials ? { credentials } : {}),
  });
  return counter.attach(retryUnreadableResponses(client));
}

/** The caller's own account id and partition (GetCallerIdentity needs no permission). */
export async function callerIdentity(
  sts: STSClient,
  abortSignal?: AbortSignal,
): Promise<{ readonly accountId: string; readonly partition: string }> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal });
    if (!out.Account || !out.Arn) throw new Error('GetCallerIdentity returned no account');
    return { accountId: out.Account, partition: out.Arn.split(':')[1] ?? 'aws' };
  } catch (err) {
    throw describeAwsError('sts', 'GetCallerIdentity', err);
  }
}

/**
 * Assumes `roleArn` once, now, so a role that cannot be assumed fails here (AwsCallError naming
 * the role and `sts:AssumeRole`) rather than inside the audit's first IAM call. Returns a provider
 * that reuses these credentials and assumes the role again when they near expiry.
 */
export async function assumeRoleCredentials(
  sts: STSClient,
  roleArn: string,
  sessionName: string,
  abortSignal?: AbortSignal,
): Promise<AwsCredentialIdentityProvider> {
  const assume = async (): Promise<AwsCredentialIdentity> => {
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: SESSION_SECONDS,
        }),
        { abortSignal },
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    } catch (err) {
      const failure = describeAwsError('sts', 'AssumeRole', err);
      throw Object.assign(failure, { message: `${roleArn}: ${failure.message}` });
    }
  };
  let current = await assume();
  return async () => {
    // Five minutes of margin: the SDK signs requests that may be retried for a while.
    if (current.expiration && current.expiration.getTime() - Date.now() < 5 * 60_000)
      current = await assume();
    return current;
  };
}

/** A RoleSessionName (2-64 of [\w+=,.@-]) that says who assumed the role, for CloudTrail. */
export function auditSessionName(now: Date): string {
  return `mfa-auditor-${now.toISOString().replace(/[:.]/g, '-')}`.slice(0, 64);
}
