import type { IAMClient } from '@aws-sdk/client-iam';
import { readAccountAlias } from '../aws/account-alias';
import type { ApiCallCounter } from '../aws/api-call-counter';
import { createDynamoClient } from '../aws/dynamodb-client';
import { publishMessage } from '../aws/publish';
import { createSnsClient } from '../aws/sns-client';
import { dynamoStateStore } from '../aws/state-store';
import type { StateStore } from '../core/ports';
import type { AuditReport } from '../core/types';
import type { DeliveryResult } from '../alerts/deliver';
import { AwsCallError, describeFailure } from '../core/errors';
import { deliverAlerts } from '../alerts/deliver';
import type { SettingsOn } from '../settings/table';
import { abortAt, raceSignal } from '../core/util/race-signal';

export interface AlertDeliveryInput {
  readonly report: AuditReport;
  readonly config: SettingsOn<'env'> & { readonly topicArn: string };
  /** Reads the account alias shown in the alert; without it the alert names the account by id. */
  readonly iam?: IAMClient;
  readonly counter: ApiCallCounter;
  /** The alert state's item (lambda/aws/state-store.ts); default the single-account one. */
  readonly stateKey?: string;
  readonly functionName?: string;
  readonly warn: (message: string, extra?: Record<string, unknown>) => void;
  /** Calls still waiting then are abandoned, so the function ends before its timeout. */
  readonly deadline?: Date;
}

/**
 * Wires the SNS and DynamoDB adapters to the delivery logic; the clients are created only when
 * the handler publishes. Every call ends by
 * `deadline`: one still waiting then is abandoned (a failed publish fails the invocation).
 */
export async function deliverWithAws(input: AlertDeliveryInput): Promise<DeliveryResult> {
  const abort = abortAt(input.deadline);
  try {
    return await deliver(input, abort.signal, boundBy(abort.signal, input.deadline));
  } finally {
    abort.dispose();
  }
}

export type Bound = <T>(operation: string, work: Promise<T>) => Promise<T>;

async function deliver(
  input: AlertDeliveryInput,
  signal: AbortSignal,
  bound: Bound,
): Promise<DeliveryResult> {
  const { config, counter } = input;
  const iam = input.iam;
  const accountAlias =
    iam &&
    (await bound('ListAccountAliases', readAccountAlias(iam, signal)).catch((err: unknown) => {
      input.warn('account alias unavailable', { error: describeFailure(err).message });
      return undefined;
    }));
  const sns = createSnsClient(counter, config.topicArn);
  const store =
    config.stateTable &&
    dynamoStateStore(createDynamoClient(counter), config.stateTable, signal, input.stateKey);
  return deliverAlerts(input.report, {
    notify: config.notify,
    digestEveryDays: config.digestDays,
    state: store ? boundStateStore(store, bound) : undefined,
    context: {
      accountAlias,
      functionName: input.functionName,
      region: process.env.AWS_REGION,
    },
    publish: (message) => bound('Publish', publishMessage(sns, config.topicArn, message, signal)),
    warn: input.warn,
  });
}

/** The state store with each call raced against the deadline. */
export function boundStateStore(store: StateStore, bound: Bound): StateStore {
  return { load: () => bound('GetItem', store.load()), save: (state) => bound('PutItem', store.save(state)) };
}

/** Races each delivery call against the deadline: a call that ignores the signal is abandoned too. */
export function boundBy(signal: AbortSignal, deadline: Date | undefined): Bound {
  return (operation, work) =>
    raceSignal(
      work,
      signal,
      () =>
        new AwsCallError(
          operation,
          `abandoned: no answer by ${deadline?.toISOString() ?? 'the deadline'}, just before the function's timeout`,
        ),
    );
}
