import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ApiCallCounter } from './api-call-counter';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/** The DynamoDB client for the alert state, with the shared request timeouts. */
export function createDynamoClient(counter: ApiCallCounter): DynamoDBClient {
  const ddb = new DynamoDBClient({ maxAttempts: 5, requestHandler: requestHandlerOptions() });
  return counter.attach(retryUnreadableResponses(ddb));
}
