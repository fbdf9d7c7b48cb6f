import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { OutgoingMessage } from '../core/ports';
import { describeAwsError } from './describe-aws-error';

/** Publishes one message; the SDK retries transient failures. Returns the message id. */
export async function publishMessage(
  sns: SNSClient,
  topicArn: string,
  msg: OutgoingMessage,
  abortSignal?: AbortSignal,
): Promise<string> {
  try {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: msg.subject,
        Message: msg.message,
        MessageStructure: msg.perProtocol ? 'json' : undefined,
      }),
      { abortSignal },
    );
    return out.MessageId ?? '';
  } catch (err) {
    throw describeAwsError('sns', 'Publish', err);
  }
}
