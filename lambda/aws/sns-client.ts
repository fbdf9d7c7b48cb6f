import { SNSClient } from '@aws-sdk/client-sns';
import type { ApiCallCounter } from './api-call-counter';
import { requestHandlerOptions, retryUnreadableResponses } from './sdk-transport';

/** The SNS client in the topic's own region (read from its ARN). */
export function createSnsClient(counter: ApiCallCounter, topicArn: string): SNSClient {
  const region = topicArn.split(':')[3] || process.env.AWS_REGION || 'us-east-1';
  // A retried Publish whose first answer was lost may deliver twice: a duplicate beats a lost alert.
  const sns = new SNSClient({ region, maxAttempts: 5, requestHandler: requestHandlerOptions() });
  return counter.attach(retryUnreadableResponses(sns));
}
