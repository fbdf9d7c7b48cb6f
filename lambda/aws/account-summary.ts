import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsCallError } from '../core/errors';
import { describeAwsError } from './describe-aws-error';

/** Live answer to "does the root user have MFA?" (AccountMFAEnabled is 1 or 0). */
export async function rootMfaEnabled(iam: IAMClient, abortSignal?: AbortSignal): Promise<boolean> {
  let value: number | undefined;
  try {
    const out = await iam.send(new GetAccountSummaryCommand({}), { abortSignal });
    value = out.SummaryMap?.AccountMFAEnabled;
  } catch (err) {
    throw describeAwsError('iam', 'GetAccountSummary', err);
  }
  if (value === undefined) {
    throw new AwsCallError('GetAccountSummary', 'GetAccountSummary returned no AccountMFAEnabled value');
  }
  return value === 1;
}
