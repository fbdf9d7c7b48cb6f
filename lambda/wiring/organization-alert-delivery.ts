import type { ApiCallCounter } from '../aws/api-call-counter';
import { createDynamoClient } from '../aws/dynamodb-client';
import { publishMessage } from '../aws/publish';
import { createSnsClient } from '../aws/sns-client';
import { accountStateKey, dynamoStateStore } from '../aws/state-store';
import type { OrganizationDeliveryResult } from '../alerts/organization/org-deliver';
import { deliverOrganizationAlerts } from '../alerts/organization/org-deliver';
import type { OrganizationReport } from '../core/organization';
import type { StateStore } from '../core/ports';
import { abortAt } from '../core/util/race-signal';
import type { SettingsOn } from '../settings/table';
import { boundBy, boundStateStore } from './alert-delivery';

export interface OrganizationAlertDeliveryInput {
  readonly report: OrganizationReport;
  readonly config: SettingsOn<'env'> & { readonly topicArn: string };
  readonly counter: ApiCallCounter;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
  /** Calls still waiting then are abandoned, so the function ends before its timeout. */
  readonly deadline?: Date;
}

/**
 * Wires SNS and DynamoDB to the organization's one alert stream (lambda/alerts/organization): each
 * account's alert state is its own item (`alert-state#<accountId>`) in the state table. Every call
 * ends by `deadline`: one still waiting then is abandoned (a failed publish fails the invocation).
 */
export async function deliverOrganizationWithAws(
  input: OrganizationAlertDeliveryInput,
): Promise<OrganizationDeliveryResult> {
  const abort = abortAt(input.deadline);
  const bound = boundBy(abort.signal, input.deadline);
  try {
    const { config, counter } = input;
    const sns = createSnsClient(counter, config.topicArn);
    const table = config.stateTable;
    const ddb = table ? createDynamoClient(counter) : undefined;
    const stateFor =
      table && ddb
        ? (accountId: string): StateStore =>
            boundStateStore(dynamoStateStore(ddb, table, abort.signal, accountStateKey(accountId)), bound)
        : undefined;
    return await deliverOrganizationAlerts(input.report, {
      notify: config.notify,
      digestEveryDays: config.digestDays,
      stateFor,
      context: { memberRoleName: config.memberRoleName },
      publish: (message) => bound('Publish', publishMessage(sns, config.topicArn, message, abort.signal)),
      warn: input.warn,
    });
  } finally {
    abort.dispose();
  }
}
