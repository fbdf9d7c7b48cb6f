import type { IAMClient } from '@aws-sdk/client-iam';
import { readAccountAlias } from './aws/account-alias';
import type { ApiCallCounter } from './aws/api-call-counter';
import { createDynamoClient } from './aws/dynamodb-client';
import { publishMessage } from './aws/publish';
import { createSnsClient } from './aws/sns-client';
import { dynamoStateStore } from './aws/state-store';
import type { AuditReport } from './core/types';
import type { DeliveryResult } from './deliver';
import { deliverAlerts } from './deliver';
import type { HandlerConfig } from './handler-config';

export interface AlertDeliveryInput {
  readonly report: AuditReport;
  readonly config: HandlerConfig & { readonly topicArn: string };
  readonly iam: IAMClient;
  readonly counter: ApiCallCounter;
  /** Set for a re-check of named users. */
  readonly auditedUserNames?: readonly string[];
  readonly functionName?: string;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
}

/**
 * Wires the SNS and DynamoDB adapters to the delivery logic. The handler loads this module only
 * when it publishes, so a dry run or an audit never pays for those clients.
 */
export async function deliverWithAws(input: AlertDeliveryInput): Promise<DeliveryResult> {
  const { config, counter } = input;
  const alias = await readAccountAlias(input.iam);
  if ('error' in alias) input.warn('account alias unavailable', { error: alias.error });
  const sns = createSnsClient(counter, config.topicArn);
  return deliverAlerts(input.report, {
    notify: config.notify,
    digestEveryDays: config.digestEveryDays,
    state: config.stateTable
      ? dynamoStateStore(createDynamoClient(counter), config.stateTable)
      : undefined,
    auditedUserNames: input.auditedUserNames,
    context: {
      accountAlias: 'alias' in alias ? alias.alias : undefined,
      functionName: input.functionName,
      region: process.env.AWS_REGION,
    },
    publish: (message) => publishMessage(sns, config.topicArn, message),
    warn: input.warn,
  });
}
