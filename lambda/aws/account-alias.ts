import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './describe-aws-error';

/**
 * The account alias, for people reading alerts ("prod" says more than 123456789012). Optional: a
 * failure is returned so the caller can log it; alerts never wait on it.
 */
export async function readAccountAlias(
  iam: IAMClient,
  abortSignal?: AbortSignal,
): Promise<{ alias: string | undefined } | { error: string }> {
  try {
    const out = await iam.send(new ListAccountAliasesCommand({}), { abortSignal });
    return { alias: out.AccountAliases?.[0] };
  } catch (err) {
    return { error: describeAwsError('iam', 'ListAccountAliases', err).message };
  }
}
