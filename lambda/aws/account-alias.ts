import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { describeAwsError } from './describe-aws-error';

/**
 * The account alias, for people reading alerts ("prod" says more than 123456789012); undefined
 * when the account has none. Throws an AwsCallError when it cannot be read: the caller logs it and
 * alerts without the alias (alerts never wait on it).
 */
export async function readAccountAlias(
  iam: IAMClient,
  abortSignal?: AbortSignal,
): Promise<string | undefined> {
  try {
    const out = await iam.send(new ListAccountAliasesCommand({}), { abortSignal });
    return out.AccountAliases?.[0];
  } catch (err) {
    throw describeAwsError('iam', 'ListAccountAliases', err);
  }
}
