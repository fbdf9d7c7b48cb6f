import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import { describeAwsError } from './describe-aws-error';

export interface OutgoingMessage {
  readonly subject: string;
  readonly message: string;
  /** When set, `message` is a JSON object of per-protocol bodies (SNS MessageStructure json). */
  readonly perProtocol?: boolean;
}

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
