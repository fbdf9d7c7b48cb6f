import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** One SNS notification as an SQS subscriber receives it (the envelope, unwrapped). */
export interface DeliveredMessage {
  readonly messageId: string;
  readonly subject: string | undefined;
  readonly message: string;
}

export interface TopicCapture {
  readonly topicArn: string;
  readonly queueUrl: string;
  /**
   * Receives (and deletes) everything delivered so far. With `atLeast`, keeps polling until that
   * many arrived or `waitMs` passed; then drains until the queue answers empty.
   */
  receiveAll(options?: ReceiveOptions): Promise<DeliveredMessage[]>;
}

/** Creates a topic and an SQS queue subscribed to it: what a machine subscriber would receive. */
export async function createTopicWithCapture(
  clients: { readonly sns: SNSClient; readonly sqs: SQSClient },
  name: string,
): Promise<TopicCapture> {
  const { sns, sqs } = clients;
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: name }))).TopicArn;
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-capture` }))).QueueUrl;
  if (!topicArn || !queueUrl) throw new Error(`could not create topic or queue for ${name}`);
  const attrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = attrs.Attributes?.QueueArn;
  if (!queueArn) throw new Error(`queue ${queueUrl} has no ARN`);
  // moto does not need the queue policy that real SNS would; the subscription is what matters.
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn }));

  return { topicArn, queueUrl, receiveAll: (options) => receiveDelivered(sqs, queueUrl, options) };
}

export interface ReceiveOptions {
  /** Keep polling until this many messages arrived (or `waitMs` passed). Default 0. */
  readonly atLeast?: number;
  /** Default 5 s. */
  readonly waitMs?: number;
}

/** Receives and deletes every SNS notification in the queue; see TopicCapture.receiveAll. */
export async function receiveDelivered(
  sqs: SQSClient,
  queueUrl: string,
  { atLeast = 0, waitMs = 5000 }: ReceiveOptions = {},
): Promise<DeliveredMessage[]> {
  const deadline = Date.now() + waitMs;
  const received: DeliveredMessage[] = [];
  for (;;) {
    const batch = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const messages = batch.Messages ?? [];
    received.push(...messages.map((m) => unwrapEnvelope(m.Body)));
    if (messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      continue;
    }
    if (received.length >= atLeast || Date.now() >= deadline) return received;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** SNS wraps what was published in a JSON envelope unless raw delivery is on (it is not here). */
function unwrapEnvelope(body: string | undefined): DeliveredMessage {
  const envelope = JSON.parse(body ?? '') as { MessageId?: string; Subject?: string; Message?: unknown };
  if (typeof envelope.Message !== 'string') throw new Error(`not an SNS envelope: ${String(body)}`);
  return { messageId: envelope.MessageId ?? '', subject: envelope.Subject, message: envelope.Message };
}
